"""What the directorate sees of the community, and a trainer's contributions on their record."""

import pytest

from hamafza.community import selectors
from hamafza.library import services as library
from hamafza.library.tests.conftest import as_, lib  # noqa: F401 - reused fixture
from hamafza.questions import services as questions
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(lib, users, world, client_for):  # noqa: F811
    """t6 (district 6) published a lesson plan, used in t12's (district 12) session; t12 asked a
    question in health and t6 answered it."""
    t12_user = lib.pool.t12.user
    library.use_add(
        scope=as_({"t": t12_user}, "t"), actor=t12_user, resource=lib.published,
        session_id=lib.others.pk,
    )  # fmt: skip
    question = questions.question_create(
        scope=as_({"t": t12_user}, "t"), actor=t12_user,
        data={"domain_id": lib.pool.health.pk, "title": "بازی برای کلاس اول؟",
              "body": "برای آموزش شستن دست به کلاس اول چه بازی‌ای پیشنهاد می‌کنید؟", "tags": ""},
    )  # fmt: skip
    questions.answer_create(
        scope=as_(users, "trainer"), actor=users["trainer"], question=question,
        body="بازی «میکروب رنگی» با اکلیل را امتحان کنید.",
    )  # fmt: skip
    return lib


def test_the_directorate_sees_contributions_by_district_and_domain(community, users, world):
    o = selectors.overview(scope=as_(users, "directorate"))
    health = community.pool.health.pk
    assert o.cells[(world.d6.pk, health)] == 2  # t6's resource and answer
    assert o.cells[(world.d12.pk, health)] == 1  # t12's question
    assert o.by_kind == {"resources": 1, "questions": 1, "answers": 1}
    assert [r.pk for r in o.most_reused] == [community.published.pk]
    assert o.most_reused[0].reuse == 1
    rows = {d.pk if d else None: total for d, _, total in o.rows()}
    assert rows[world.d6.pk] == 2 and rows[world.d12.pk] == 1


def test_the_overview_page_is_the_directorates(community, client_for):
    page = client_for("directorate").get("/community/overview/")
    assert page.status_code == 200
    assert community.published.title in page.content.decode()
    for who in ("coordinator_d6", "trainer", "liaison_health", "school_contact_s6", "citizen"):
        assert client_for(who).get("/community/overview/").status_code == 403, who


def test_another_municipality_sees_none_of_it(community, users):
    o = selectors.overview(scope=as_(users, "bumehen_directorate"))
    assert o.total == 0 and o.most_reused == []


def test_contributions_appear_on_the_trainers_record(community, users, client_for):
    t6 = community.pool.t6
    panel = selectors.record_panel(scope=as_(users, "directorate"), trainer=t6)
    assert (panel.resources, panel.reused, panel.answers, panel.questions) == (1, 1, 1, 0)
    asked = selectors.contributions(scope=as_(users, "directorate"), trainer=community.pool.t12)
    assert (asked.questions, asked.resources) == (1, 0)
    page = client_for("directorate").get(t6.get_absolute_url()).content.decode()
    assert 'id="contributions"' in page
    own = client_for("trainer").get(t6.get_absolute_url()).content.decode()
    assert 'id="contributions"' in own


def test_the_common_room_shows_what_is_new(community, client_for):
    page = client_for("trainer").get("/community/").content.decode()
    assert community.published.title in page
    assert "بازی برای کلاس اول؟" in page
    assert community.draft.title not in page  # a draft is its author's only
    assert client_for("citizen").get("/community/").status_code == 403


def test_the_api_searches_like_the_page(community, client_for):
    body = client_for("trainer").get("/api/community/search", {"q": "شستن دست ها"}).json()
    assert body["total"] >= 1
    assert any(
        r["object_id"] == community.published.pk for r in body["results"] if r["kind"] == "resource"
    )
    first = body["results"][0]
    assert "<mark>" in first["title_html"] + first["snippet_html"]
    assert client_for("citizen").get("/api/community/search", {"q": "دست"}).status_code == 403
    bad = client_for("trainer").get("/api/community/search", {"q": "دست", "page": 0})
    assert bad.status_code == 422


def test_rebuild_search_puts_back_what_is_findable_and_nothing_else(community, users):
    from io import StringIO

    from django.core.management import call_command

    from hamafza.search.models import SearchDocument
    from hamafza.search.selectors import search

    before = set(SearchDocument.objects.values_list("kind", "object_id"))
    SearchDocument.objects.all().delete()
    trainer = as_(users, "trainer")
    assert search(trainer, "شستن دست").total == 0
    out = StringIO()
    call_command("rebuild_search", stdout=out)
    assert set(SearchDocument.objects.values_list("kind", "object_id")) == before
    assert ("resource", community.published.pk) in before
    assert ("resource", community.draft.pk) not in before
    assert search(trainer, "شستن دست").total >= 1
    assert "resource: 1 in the index" in out.getvalue()
