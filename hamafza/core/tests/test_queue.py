"""The task queue runs real jobs: a consumer takes them off the queue storage and executes them."""

import threading
import time

import pytest
from django.core.files.base import ContentFile
from huey import RedisHuey
from huey.contrib.djhuey import HUEY

from hamafza.org import importing
from hamafza.org.middleware import scope_for_user
from hamafza.org.models import ImportBatch
from hamafza.org.tests.test_import import xlsx


def run_consumer(huey, until, timeout=20.0):
    consumer = huey.create_consumer(
        workers=1, worker_type="thread", periodic=False, check_worker_health=False
    )
    consumer.start()
    deadline = time.monotonic() + timeout
    try:
        while not until() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        consumer.stop(graceful=True)


@pytest.mark.django_db(transaction=True)
def test_embedded_queue_consumer_checks_an_import(world, users, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5
    HUEY.flush()
    rows = [
        [f"مدرسه صف {i}", f"77{i:03d}", 6, "", "ابتدایی", "دخترانه", 1, 6, ""] for i in range(30)
    ]
    scope = scope_for_user(users["directorate"])
    batch = importing.import_start(
        scope=scope,
        actor=users["directorate"],
        kind="school",
        upload=ContentFile(xlsx(rows), name="queue.xlsx"),
    )
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PARSING

    def done():
        return ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.READY

    run_consumer(HUEY, done)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.READY
    assert batch.valid_count == 30
    assert HUEY.pending_count() == 0


def _redis_up() -> bool:
    try:
        import redis

        return redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_queue_used_in_production_runs_a_job():
    huey = RedisHuey(f"hamafza-test-{time.time_ns()}", url="redis://127.0.0.1:6379/15")
    seen = []

    @huey.task()
    def add(a, b):
        seen.append(threading.current_thread().name)
        return a + b

    result = add(2, 3)
    assert huey.pending_count() == 1
    run_consumer(huey, lambda: bool(seen))
    assert result.get(blocking=True, timeout=5) == 5
    assert seen and seen[0] != threading.current_thread().name
    huey.flush()
