"""The one search at a large municipality's size: 100,000 documents of Persian text (titles and
bodies built from a vocabulary of education words, a share of them written in another spelling:
ZWNJ, space or nothing inside a word, Arabic letter forms, hamza and heh forms, diacritics,
Persian, Arabic-Indic or Latin digits, a digit glued to a word), on SQLite (FTS5) and
PostgreSQL (tsvector + GIN). 200 queries of one to three words, a third of them spelled
otherwise than the stored text, each aimed at one document.

Per database: p50/p95 of the search selector and of the search page over HTTP, the same queries
by a plain ``icontains`` scan of the same folded documents (the baseline) and the ratio, the
index build time, the write latency of a new document with and without the index's upkeep, and
recall: the share of queries whose document is among the matches (the variant third apart).

    python manage.py bench search [--json] [--sizes 100000] [--databases sqlite,postgresql]
"""

import argparse
import importlib
import json
import os
import random
import sys
import time

ZWNJ = "\u200c"
# (a stored spelling, another spelling of it a person may type)
VARIANT_PAIRS = [
    (f"کتاب{ZWNJ}خانه", "کتابخانه"),
    ("کتاب خانه", f"کتاب{ZWNJ}خانه"),
    (f"دانش{ZWNJ}آموزان", "دانش آموزان"),
    ("دانشآموزان", f"دانش{ZWNJ}آموزان"),
    ("آموزش", "اموزش"),
    ("مسئولیت", "مسئوليت"),
    ("كودكان", "کودکان"),
    ("کودکان", "كودكان"),
    ("خانهٔ", "خانه"),
    ("مُعلّم", "معلم"),
    ("رئیس", "رييس"),
    ("مدرسة", "مدرسه"),
    (f"می{ZWNJ}آموزند", "می آموزند"),
    ("آمـوزش", "آموزش"),
    (f"شهر{ZWNJ}وندی", "شهروندی"),
    ("تفکیک پسماند", f"تفکیک{ZWNJ}پسماند"),
]
WORDS = (
    "آموزش شهروندی ایمنی سلامت بهداشت محیط زیست پسماند بازیافت تفکیک ترافیک عابر پیاده "
    "چراغ راهنمایی زلزله آتش سوزی آتش‌نشانی امداد نجات کمک‌های اولیه بحران مدیریت پیشگیری "
    "کودکان نوجوانان والدین معلمان مربیان دانش‌آموزان مدرسه دبستان دبیرستان کلاس درس طرح "
    "فعالیت بازی کارگاه مسابقه نمایش داستان شعر نقاشی کاردستی گروه همکاری مشارکت محله منطقه "
    "شهرداری سرای محله فرهنگسرا پارک کتابخانه مسجد خانواده همسایه شهروند حقوق مسئولیت قانون "
    "احترام صرفه‌جویی آب برق انرژی گاز هوا آلودگی درخت گیاه باغچه حیوانات تغذیه ورزش بهداشت "
    "دست دندان خواب روان شادی دوستی گفت‌وگو پرسش پاسخ ارزشیابی پیش‌آزمون پس‌آزمون یادگیری "
    "تجربه موفق نکته مهم جلسه اول دوم سوم پایانی برگه کار اسلاید فیلم ویدئو تصویر پوستر "
    "کتابچه راهنما برنامه هفته ماه پاییز زمستان بهار تابستان اردو جهادی داوطلب تیم سرگروه "
    "ایستگاه تمرین مانور تخلیه پناهگاه کیف اضطراری دوچرخه اتوبوس مترو خط ویژه کمربند ایمنی "
    "کلاه ایمنی سرعت خیابان کوچه پیاده‌رو زباله کیسه سطل کمپوست کاغذ پلاستیک شیشه فلز"
).split()
NAMES = (
    "نارمک تهرانپارس پونک شهرک غرب یوسف‌آباد امیرآباد جوادیه نازی‌آباد خانی‌آباد شوش "
    "دولاب افسریه ونک سعادت‌آباد جنت‌آباد اکباتان تجریش دروس قیطریه فرمانیه"
).split()


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * q))] * 1000, 2)


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _documents(size: int, rng: random.Random):
    """Every document: a title of words with a place name and a number, and a body; one in four
    carries a word of VARIANT_PAIRS in its stored spelling."""
    for i in range(size):
        title = f"{_sentence(rng, rng.randint(3, 5))} {rng.choice(NAMES)} {rng.randint(1, 22)}"
        variant = None
        if i % 4 == 0:
            variant = rng.choice(VARIANT_PAIRS)
            title = f"{variant[0]} {title}"
        body = ". ".join(_sentence(rng, rng.randint(8, 14)) for _ in range(rng.randint(4, 9)))
        yield title, body, variant


ENGINE_MIGRATIONS = ("0002_engine", "0003_title_vector")


def _engine_sql(name: str):
    return importlib.import_module(f"hamafza.search.migrations.{name}")


def _drop_engine(connection):
    for name in reversed(ENGINE_MIGRATIONS):
        sql = _engine_sql(name)
        drop = sql.SQLITE_DROP if connection.vendor == "sqlite" else sql.POSTGRES_DROP
        with connection.cursor() as cursor:
            for statement in drop:
                cursor.execute(statement)


def _build_engine(connection) -> float:
    """The engine's index over the loaded documents, as the migrations build it, then the
    statistics (and on PostgreSQL the visibility map) a running database keeps up by itself."""
    t = time.perf_counter()
    with connection.cursor() as cursor:
        for name in ENGINE_MIGRATIONS:
            sql = _engine_sql(name)
            for statement in sql.SQLITE if connection.vendor == "sqlite" else sql.POSTGRES:
                cursor.execute(statement)
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            cursor.execute("ANALYZE")
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        autocommit = connection.get_autocommit()
        connection.set_autocommit(True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
        connection.set_autocommit(autocommit)
    return time.perf_counter() - t


def _world():
    from django.contrib.auth import get_user_model

    from hamafza.catalogue.demo import seed_domains
    from hamafza.core.scoping import Role
    from hamafza.org.models import District, Membership, Municipality

    city = Municipality.objects.create(slug="tehran", name="شهرداری تهران")
    districts = [
        District.objects.create(municipality=city, number=n, name=f"منطقه {n}")
        for n in range(1, 23)
    ]
    domains = seed_domains(city)
    user = get_user_model().objects.create_user(username="reader")
    Membership.objects.create(
        user=user, municipality=city, role=Role.TRAINER, district=districts[0]
    )
    return city, districts, domains, user


def _load(city, districts, domains, size: int, rng: random.Random):
    """Bulk-load the documents (no index upkeep: the engine is built afterwards); return the
    query targets: (document id, its title, its variant pair or None)."""
    from django.utils import timezone

    from hamafza.search.folding import index_tokens
    from hamafza.search.models import SearchDocument

    now = timezone.now()
    batch, targets, kinds = [], [], ("resource", "report", "question")
    for i, (title, body, variant) in enumerate(_documents(size, rng)):
        batch.append(
            SearchDocument(
                municipality=city, kind=kinds[i % 3], object_id=i + 1, title=title, body=body,
                title_key=index_tokens(title), body_key=index_tokens(body),
                domain=domains[i % len(domains)], district=districts[i % len(districts)],
                audience="adults", resource_kind="lesson_plan", licence="cc_by",
                published_at=now - timezone.timedelta(minutes=i), used=rng.randint(0, 30),
            )
        )  # fmt: skip
        targets.append((i + 1, title, variant))
        if len(batch) == 2000:
            SearchDocument.objects.bulk_create(batch)
            batch = []
    SearchDocument.objects.bulk_create(batch)
    return targets


def _queries(targets, rng: random.Random, count: int):
    """Queries of one to three words aimed at one document each: a third use another spelling
    of the document's variant word (with its place name), the rest words of its title."""
    with_variant = [t for t in targets if t[2]]
    queries = []
    for n in range(count):
        if n % 3 == 0:
            doc_id, title, (stored, typed) = rng.choice(with_variant)
            place = title.split()[-2]
            queries.append((doc_id, f"{typed} {place}", True))
        else:
            doc_id, title, _ = rng.choice(targets)
            words = title.split()
            k = rng.randint(1, 3)
            # the place name and number pin the document; other words come from the title
            picked = [words[-2], words[-1]] if k >= 2 else [words[-2]]
            if k == 3:
                picked.insert(0, rng.choice(words[:-2]))
            queries.append((doc_id, " ".join(picked), False))
    return queries


def _timed(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t)
    return out


def _write_latency(city, domains, repeat: int, start_id: int) -> list[float]:
    from django.db import transaction
    from django.utils import timezone

    from hamafza.search import services
    from hamafza.search.models import SearchDocument

    rng = random.Random(start_id)  # noqa: S311 - benchmark data
    times = []
    for i in range(repeat):
        title, body, _ = next(_documents(1, rng))
        t = time.perf_counter()
        with transaction.atomic():
            services.put(
                kind="resource", object_id=start_id + i, municipality_id=city.pk, title=title,
                body=body, published_at=timezone.now(), domain_id=domains[0].pk,
            )  # fmt: skip
        times.append(time.perf_counter() - t)
    SearchDocument.objects.filter(object_id__gte=start_id, kind="resource").delete()
    return times


def child(size: int, query_count: int) -> list[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from hamafza.org.middleware import scope_for_user
    from hamafza.search import selectors
    from hamafza.search.engines import ScanEngine, engine_for

    rng = random.Random(15)  # noqa: S311 - benchmark data
    city, districts, domains, user = _world()
    _drop_engine(connection)
    t = time.perf_counter()
    targets = _load(city, districts, domains, size, rng)
    load_s = time.perf_counter() - t
    without = _write_latency(city, domains, 100, 10_000_000)
    build_s = _build_engine(connection)
    with_upkeep = _write_latency(city, domains, 100, 20_000_000)
    common = {"bench": "search", "database": connection.vendor, "documents": size}

    scope = scope_for_user(user)
    engine = engine_for()
    queries = _queries(targets, rng, query_count)
    for _, q, _ in queries[:10]:  # warm-up
        selectors.search(scope, q)
    selector = _timed(lambda item: selectors.search(scope, item[1]), queries)
    client = Client()
    client.force_login(user)
    client.get("/community/search/?q=warm")
    http = _timed(lambda item: client.get("/community/search/", {"q": item[1]}), queries)
    if client.get("/community/search/", {"q": queries[0][1]}).status_code != 200:
        raise RuntimeError("the search page did not answer 200")
    scan_queries = queries[: max(20, query_count // 4)]
    scan = _timed(lambda item: selectors.search(scope, item[1], engine=ScanEngine()), scan_queries)

    from hamafza.search.folding import alternatives, query_terms
    from hamafza.search.selectors import findable

    found = {True: [], False: []}
    for doc_id, q, variant in queries:
        matches = engine.match(findable(scope), alternatives(query_terms(q)), rank=False)
        found[variant].append(matches.filter(object_id=doc_id).exists())
    variant_recall = sum(found[True]) / len(found[True])
    plain_recall = sum(found[False]) / len(found[False])
    p95, scan95 = _p(selector, 0.95), _p(scan, 0.95)
    p50, scan50 = _p(selector, 0.5), _p(scan, 0.5)
    return [
        {**common, "metric": "load_documents", "value": round(load_s, 1), "unit": "s"},
        {**common, "metric": "index_build", "value": round(build_s, 2), "unit": "s",
         "engine": engine.name},
        {**common, "metric": "search_selector_p50", "value": p50, "unit": "ms",
         "baseline": scan50, "ratio": round(scan50 / p50, 1)},
        {**common, "metric": "search_selector_p95", "value": p95, "unit": "ms",
         "baseline": scan95, "ratio": round(scan95 / p95, 1)},
        {**common, "metric": "search_http_p50", "value": _p(http, 0.5), "unit": "ms"},
        {**common, "metric": "search_http_p95", "value": _p(http, 0.95), "unit": "ms"},
        {**common, "metric": "icontains_scan_p95", "value": scan95, "unit": "ms"},
        {**common, "metric": "write_p50", "value": _p(with_upkeep, 0.5), "unit": "ms",
         "baseline": _p(without, 0.5), "ratio": round(_p(with_upkeep, 0.5) / _p(without, 0.5), 2)},
        {**common, "metric": "write_p95", "value": _p(with_upkeep, 0.95), "unit": "ms",
         "baseline": _p(without, 0.95),
         "ratio": round(_p(with_upkeep, 0.95) / _p(without, 0.95), 2)},
        {**common, "metric": "variant_recall", "value": round(variant_recall, 3), "unit": "share",
         "queries": len(found[True])},
        {**common, "metric": "plain_recall", "value": round(plain_recall, 3), "unit": "share",
         "queries": len(found[False])},
    ]  # fmt: skip


def run(options, write) -> list[dict]:
    from bench.common import postgres_available, run_child

    sizes = options.get("sizes") or options.get("rows") or "100000"
    results = []
    for size in sizes.split(","):
        for database in (options.get("databases") or "sqlite,postgresql").split(","):
            if database == "postgresql" and not postgres_available():
                continue
            results += run_child("search", ["--size", size], database)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    for line in child(args.size, args.queries):
        print(json.dumps(line, ensure_ascii=False))  # noqa: T201 - the parent reads these lines
