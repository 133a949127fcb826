"""The library's workflow and who may do what: a trainer contributes a draft only they see and
submits it; a curator of the domain (the directorate, or a liaison of the agency that owns it)
publishes or returns it with a reason, and the author is told; a published resource is read by
every staff role of the municipality, and by nobody else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hamafza.core.scoping import Role
from hamafza.library import selectors, services
from hamafza.library.models import Resource
from hamafza.library.tests.conftest import as_
from hamafza.notifications.models import Notification
from hamafza.org.models import Agency, Membership
from hamafza.org.tests.factories import UserFactory


def detail(resource):
    return reverse("library:detail", args=[resource.pk])


@pytest.mark.parametrize(
    "who", ["directorate", "coordinator_d6", "liaison_health", "school_contact_s6", "trainer"]
)
def test_every_staff_role_reads_a_published_resource(lib, client_for, who):
    response = client_for(who).get(detail(lib.published))
    assert response.status_code == 200
    assert lib.published.title in response.content.decode()
    listed = client_for(who).get(reverse("library:list"))
    assert lib.published.title in listed.content.decode()


@pytest.mark.parametrize("who", ["volunteer", "citizen"])
def test_volunteers_and_citizens_see_nothing(lib, client_for, who):
    assert client_for(who).get(reverse("library:list")).status_code == 403
    assert client_for(who).get(detail(lib.published)).status_code == 403


def test_another_municipality_sees_nothing(lib, client_for, users):
    assert client_for("bumehen_directorate").get(detail(lib.published)).status_code == 404
    listed = client_for("bumehen_directorate").get(reverse("library:list"))
    assert lib.published.title not in listed.content.decode()
    assert not selectors.visible(as_(users, "bumehen_directorate")).exists()


def test_a_draft_is_seen_by_its_author_only(lib, client_for, users):
    assert client_for("trainer").get(detail(lib.draft)).status_code == 200
    for who in ("directorate", "liaison_health", "coordinator_d6", "school_contact_s6"):
        assert client_for(who).get(detail(lib.draft)).status_code == 404, who
    other = users["trainer"].__class__.objects.get(pk=lib.pool.t12.user_id)
    from django.test import Client

    client = Client()
    client.force_login(other)
    assert client.get(detail(lib.draft)).status_code == 404
    assert client.get(reverse("library:edit", args=[lib.draft.pk])).status_code == 404


def test_a_trainer_edits_only_their_own_drafts(lib, users, client_for):
    t12 = lib.pool.t12.user
    scope = as_({"t12": t12}, "t12")
    with pytest.raises(PermissionDenied):
        services.resource_update(
            scope=scope, actor=t12, resource=lib.published, data={"title": "ربوده"},
            expected_updated_at=lib.published.updated_at,
        )  # fmt: skip
    # the author cannot change a published resource's record either (only add a new file)
    response = client_for("trainer").get(reverse("library:edit", args=[lib.published.pk]))
    assert response.status_code == 403
    lib.published.refresh_from_db()
    assert lib.published.title == "بازی شستن دست‌ها"


def test_the_author_edits_a_draft_with_the_version_it_read(lib, users, client_for):
    client = client_for("trainer")
    url = reverse("library:edit", args=[lib.draft.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "kind": "activity_sheet", "title": "کاربرگ مسواک‌زدن درست", "domain": lib.draft.domain_id,
        "program": lib.plan.program.pk, "audience": "primary_lower", "gender": "any",
        "licence": "cc_by_sa", "summary": "برای کلاس اول", "links": "",
        "version": lib.draft.updated_at.isoformat(),
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    lib.draft.refresh_from_db()
    assert lib.draft.title == "کاربرگ مسواک‌زدن درست"
    stale = client.post(url, {**data, "title": "دیرتر"})
    assert stale.status_code == 400
    lib.draft.refresh_from_db()
    assert lib.draft.title == "کاربرگ مسواک‌زدن درست"


def test_submit_then_publish_tells_the_author(lib, users, client_for):
    assert (
        client_for("trainer").post(reverse("library:submit", args=[lib.draft.pk])).status_code
        == 302
    )
    lib.draft.refresh_from_db()
    assert lib.draft.status == Resource.Status.SUBMITTED
    # the trainer cannot publish their own resource
    assert (
        client_for("trainer").post(reverse("library:publish", args=[lib.draft.pk])).status_code
        == 403
    )
    response = client_for("directorate").post(reverse("library:publish", args=[lib.draft.pk]))
    assert response.status_code == 302
    lib.draft.refresh_from_db()
    assert lib.draft.status == Resource.Status.PUBLISHED
    told = Notification.objects.filter(recipient=users["trainer"], kind="library_reviewed")
    assert told.exists()


def test_returning_needs_a_reason_and_tells_the_author(lib, users, client_for):
    url = reverse("library:return", args=[lib.submitted.pk])
    empty = client_for("directorate").post(url, {"reason": "   "})
    assert empty.status_code == 400
    lib.submitted.refresh_from_db()
    assert lib.submitted.status == Resource.Status.SUBMITTED
    response = client_for("directorate").post(url, {"reason": "منبع تصویرها را بنویسید."})
    assert response.status_code == 302
    lib.submitted.refresh_from_db()
    assert lib.submitted.status == Resource.Status.RETURNED
    assert lib.submitted.return_reason == "منبع تصویرها را بنویسید."
    told = Notification.objects.filter(recipient=users["trainer"], kind="library_reviewed")
    assert told.filter(body__contains="منبع تصویرها").exists()
    # returned: the author edits it again and sees the reason
    page = client_for("trainer").get(detail(lib.submitted)).content.decode()
    assert "منبع تصویرها را بنویسید." in page


def test_the_liaison_of_the_owning_agency_curates_its_domain_only(lib, users, world, client_for):
    # the health agency owns health: its liaison sees the submitted resource and publishes it
    assert client_for("liaison_health").get(reverse("library:review")).status_code == 200
    response = client_for("liaison_health").post(
        reverse("library:publish", args=[lib.submitted.pk])
    )
    assert response.status_code == 302
    lib.submitted.refresh_from_db()
    assert lib.submitted.status == Resource.Status.PUBLISHED


def test_a_curator_outside_their_domain_is_refused_with_a_message(lib, users, world):
    other = Agency.objects.create(municipality=world.tehran, name="سازمان پسماند")
    user = UserFactory()
    Membership.objects.create(
        user=user, municipality=world.tehran, role=Role.AGENCY_LIAISON, agency=other
    )
    scope = as_({"x": user}, "x")
    assert not selectors.visible(scope).filter(pk=lib.submitted.pk).exists()
    with pytest.raises(PermissionDenied) as refused:
        services.resource_publish(scope=scope, actor=user, resource=lib.submitted)
    assert "دستگاه خودتان" in str(refused.value)  # in the user's language (fa by default)
    lib.submitted.refresh_from_db()
    assert lib.submitted.status == Resource.Status.SUBMITTED


def test_only_a_curator_features(lib, client_for):
    url = reverse("library:feature", args=[lib.published.pk])
    assert client_for("trainer").post(url, {"featured": "1"}).status_code == 403
    assert client_for("directorate").post(url, {"featured": "1"}).status_code == 302
    lib.published.refresh_from_db()
    assert lib.published.featured


def test_submitting_needs_a_file_or_a_link(lib, users, pool):
    trainer = users["trainer"]
    empty = services.resource_create(
        scope=as_(users, "trainer"), actor=trainer,
        data={"kind": "game", "title": "بازی", "summary": "س", "domain_id": pool.health.pk,
              "audience": "adults"},
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.resource_submit(scope=as_(users, "trainer"), actor=trainer, resource=empty)
    empty.refresh_from_db()
    assert empty.status == Resource.Status.DRAFT


def test_only_trainers_contribute(lib, client_for):
    for who in ("directorate", "coordinator_d6", "liaison_health"):
        assert client_for(who).get(reverse("library:create")).status_code == 403, who


def test_a_duplicate_title_in_the_program_is_warned_not_refused(lib, client_for):
    response = client_for("trainer").post(
        reverse("library:create"),
        {
            "kind": "game",
            "title": "بازي شستن دستها",
            "domain": lib.pool.health.pk,
            "program": lib.plan.program.pk,
            "audience": "primary_lower",
            "gender": "any",
            "licence": "all_rights",
            "summary": "نسخهٔ دیگر",
        },  # fmt: skip
        follow=True,
    )
    assert response.status_code == 200
    same = Resource.objects.filter(program=lib.plan.program, search_text__contains="بازی شستن")
    assert same.count() == 2  # saved
    levels = [m.level_tag for m in response.context["messages"]]
    assert "warning" in levels and "success" in levels


def test_the_program_page_shows_its_published_resources(lib, client_for):
    page = client_for("coordinator_d6").get(lib.plan.program.get_absolute_url()).content.decode()
    assert lib.published.title in page
    assert lib.draft.title not in page
    assert lib.submitted.title not in page


def test_search_finds_every_spelling(lib, users):
    scope = as_(users, "coordinator_d6")
    assert [r.pk for r in selectors.resource_list(scope=scope, query="دستها")] == [lib.published.pk]
    found = selectors.resource_list(scope=scope, query="بازي شستن")
    assert [r.pk for r in found] == [lib.published.pk]
    lib.published.refresh_from_db()
    assert "بازی" in lib.published.search_text
