"""The pages and the API of mentoring, as each person sees them."""

import json

from django.utils import timezone

from hamafza.mentoring.models import LogEntry, Pair
from hamafza.mentoring.tests.conftest import make_session, propose


def test_my_mentoring_lists_the_trainers_pairs_and_the_answer_buttons(users, ment, client_for):
    pair = propose(users, ment)
    page = client_for("trainer").get("/mentoring/")
    assert page.status_code == 200
    assert str(ment.m6) in page.content.decode()
    detail = client_for("trainer").get(f"/mentoring/{pair.pk}/").content.decode()
    assert f"/mentoring/{pair.pk}/accept/" in detail and f"/mentoring/{pair.pk}/decline/" in detail
    assert f"/mentoring/{pair.pk}/approve/" not in detail
    # the mentor's page shows their capacity form
    mine = client_for("mentor").get("/mentoring/").content.decode()
    assert 'action="/mentoring/capacity/"' in mine
    # a coordinator has no "my mentoring" page
    assert client_for("coordinator_d6").get("/mentoring/").status_code == 403


def test_accept_and_approve_by_the_pages(users, ment, client_for):
    pair = propose(users, ment)
    assert client_for("mentor").post(f"/mentoring/{pair.pk}/accept/").status_code == 302
    assert client_for("trainer").post(f"/mentoring/{pair.pk}/accept/").status_code == 302
    assert client_for("coordinator_d6").post(f"/mentoring/{pair.pk}/approve/").status_code == 302
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE


def test_the_board_ranks_mentors_and_proposes(users, ment, client_for):
    client = client_for("coordinator_d6")
    url = f"/mentoring/board/?trainee={ment.t6.pk}&domain={ment.pool.health.pk}"
    html = client.get(url).content.decode()
    table = html[html.index("<table") :]  # the ranked mentors (no pair yet)
    assert table.index(str(ment.m6)) < table.index(str(ment.m12))
    assert str(ment.junior6) not in table
    response = client.post(
        "/mentoring/propose/",
        {"trainee": ment.t6.pk, "domain": ment.pool.health.pk, "mentor": ment.m12.pk},
    )
    pair = Pair.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mentoring/{pair.pk}/"
    assert pair.mentor == ment.m12
    # a trainee of district 6 is not offered to the coordinator of district 12
    other = client_for("coordinator_d12").get(url).content.decode()
    assert "<table" not in other and str(ment.t6) not in other
    assert client_for("trainer").get("/mentoring/board/").status_code == 403


def test_the_log_form_adds_an_entry_with_a_jalali_date(users, active_pair, client_for):
    response = client_for("trainer").post(
        f"/mentoring/{active_pair.pk}/log/",
        {"kind": "meeting", "date": "۱۴۰۵/۰۹/۰۱", "notes": "گفت‌وگو دربارهٔ کلاس"},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert entry.date.isoformat() == "2026-11-22" and entry.author == users["trainer"]
    page = client_for("coordinator_d6").get(f"/mentoring/{active_pair.pk}/").content.decode()
    assert "گفت‌وگو دربارهٔ کلاس" in page
    assert f"/mentoring/{active_pair.pk}/log/" not in page  # the coordinator reads, not writes


def test_requirements_page_is_the_directorates(users, ment, client_for):
    assert client_for("directorate").get("/mentoring/requirements/").status_code == 200
    assert client_for("coordinator_d6").get("/mentoring/requirements/").status_code == 403
    level = ment.pool.levels[3]
    client_for("directorate").post(
        "/mentoring/requirements/", {"level": level.pk, "min_entries": "۴", "version": ""}
    )
    level.refresh_from_db()
    assert level.mentoring_requirement.min_entries == 4
    # a number that is not one is refused and the saved requirement stays
    version = level.mentoring_requirement.updated_at.isoformat()
    refused = client_for("directorate").post(
        "/mentoring/requirements/",
        {"level": level.pk, "min_entries": "چهار", "version": version},
        follow=True,
    )
    assert "عدد صحیح" in refused.content.decode()
    level.mentoring_requirement.refresh_from_db()
    assert level.mentoring_requirement.min_entries == 4


def _post(client, url, data=None):
    return client.post(url, data=json.dumps(data or {}), content_type="application/json")


def test_the_api_flow(world, users, ment, plan, client_for):
    coordinator = client_for("coordinator_d6")
    body = {"trainee_id": ment.t6.pk, "mentor_id": ment.m6.pk, "domain_id": ment.pool.health.pk}
    created = _post(coordinator, "/api/mentoring/pairs", body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "proposed"
    # a junior mentor: 422 with the reason
    junior = _post(coordinator, "/api/mentoring/pairs", body | {"mentor_id": ment.junior6.pk})
    assert junior.status_code == 422
    assert _post(client_for("trainer"), f"/api/mentoring/pairs/{pk}/approve").status_code == 403
    assert _post(client_for("mentor"), f"/api/mentoring/pairs/{pk}/accept").status_code == 200
    assert _post(client_for("trainer"), f"/api/mentoring/pairs/{pk}/accept").status_code == 200
    approved = _post(coordinator, f"/api/mentoring/pairs/{pk}/approve")
    assert approved.json()["status"] == "active"
    # the log: a co-taught session the mentor did not teach is refused
    solo = make_session(world, plan, [ment.t6])
    refused = _post(
        client_for("trainer"),
        f"/api/mentoring/pairs/{pk}/log",
        {"kind": "co_taught", "session_id": solo.pk, "notes": "تدریس مشترک"},
    )
    assert refused.status_code == 422
    added = _post(
        client_for("mentor"),
        f"/api/mentoring/pairs/{pk}/log",
        {"kind": "meeting", "date": timezone.localdate().isoformat(), "notes": "جلسهٔ هفتگی"},
    )
    assert added.status_code == 201
    listed = coordinator.get(f"/api/mentoring/pairs/{pk}/log").json()
    assert [e["notes"] for e in listed["items"]] == ["جلسهٔ هفتگی"]
    # who lists what
    assert client_for("trainer").get("/api/mentoring/pairs").json()["count"] == 1
    assert client_for("trainer_d12").get("/api/mentoring/pairs").json()["count"] == 0
    assert client_for("coordinator_d12").get("/api/mentoring/pairs").json()["count"] == 0
    assert client_for("directorate").get("/api/mentoring/pairs").json()["count"] == 1
    assert client_for("liaison_health").get("/api/mentoring/pairs").status_code == 403
    ended = _post(coordinator, f"/api/mentoring/pairs/{pk}/end", {"reason": "پایان دوره"})
    assert ended.json()["status"] == "ended"
