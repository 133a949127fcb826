"""The search page: every staff role of the municipality searches the community; what it shows
is highlighted and escaped; citizens and volunteers are refused."""

import pytest
from django.utils import timezone

from hamafza.search import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(world):
    def put(object_id, title, body="", municipality=None, **extra):
        return services.put(
            kind="resource", object_id=object_id,
            municipality_id=(municipality or world.tehran).pk, title=title, body=body,
            published_at=timezone.now(), **extra,
        )  # fmt: skip

    return {
        "library": put(1, "کتاب‌خانه‌ی کلاس <درس>", "قفسه‌ای برای کتاب‌های داستان"),
        "traffic": put(2, "بازی چراغ راهنمایی", "ترافیک و عابر پیاده"),
        "bumehen": put(3, "کتابخانه‌ی محله", municipality=world.bumehen),
    }


@pytest.mark.parametrize(
    "who", ["directorate", "coordinator_d6", "liaison_health", "school_contact_s6", "trainer"]
)
def test_staff_find_by_another_spelling_with_the_words_marked(client_for, docs, who):
    response = client_for(who).get("/community/search/", {"q": "کتاب خانه"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>کتاب‌خانه‌ی</mark>" in page
    assert "&lt;درس&gt;" in page
    assert "چراغ" not in page
    assert "کتابخانه‌ی</mark> محله" not in page  # Bumehen's own, not offered to all


def test_htmx_gets_the_results_only(client_for, docs):
    response = client_for("trainer").get(
        "/community/search/", {"q": "ترافیک", "sort": "recent"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page and "<mark>ترافیک</mark>" in page


def test_bad_filters_are_ignored_not_errors(client_for, docs):
    response = client_for("trainer").get(
        "/community/search/",
        {"q": "ترافیک", "domain": "x", "district": "-1", "kind": "<script>", "sort": "evil",
         "page": "99999999999999"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "<mark>ترافیک</mark>" in response.content.decode()


@pytest.mark.parametrize("who", ["citizen", "volunteer"])
def test_citizens_and_volunteers_are_refused(client_for, docs, who):
    assert client_for(who).get("/community/search/", {"q": "کتاب"}).status_code == 403
