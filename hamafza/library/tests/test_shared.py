"""The index and the one read across municipalities: a published resource is findable (with its
author's district and how often it was used), an offered one with an open licence is read-only in
every other municipality, credited, and nothing else of its municipality crosses over."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hamafza.library import selectors, services
from hamafza.library.models import Comment, Rating, Resource
from hamafza.library.tests.conftest import as_, pdf
from hamafza.search.models import SearchDocument
from hamafza.trainers.tests.factories import DomainFactory, TrainerFactory


def doc(resource):
    return SearchDocument.objects.filter(kind="resource", object_id=resource.pk).first()


def offer(users, who, resource, offered=True):
    return services.resource_offer(
        scope=as_(users, who), actor=users[who], resource=resource, offered=offered
    )


def test_publishing_indexes_the_resource_and_a_use_moves_its_count(lib, users):
    row = doc(lib.published)
    assert row is not None
    assert (row.resource_kind, row.licence, row.audience) == (
        "lesson_plan",
        "cc_by",
        "primary_lower",
    )
    assert row.district_id == lib.pool.t6.home_district_id
    assert row.author_name == str(lib.pool.t6) and row.used == 0 and not row.shared
    assert doc(lib.draft) is None and doc(lib.submitted) is None  # not published: not findable
    services.use_add(
        scope=as_(users, "trainer"), actor=users["trainer"], resource=lib.published,
        session_id=lib.delivered.pk,
    )  # fmt: skip
    assert doc(lib.published).used == 1


def test_deleting_a_resource_drops_it_from_the_index(lib):
    pk = lib.published.pk
    lib.published.delete()
    assert not SearchDocument.objects.filter(kind="resource", object_id=pk).exists()


def test_an_all_rights_reserved_resource_cannot_be_offered(lib, users, client_for):
    Resource.objects.filter(pk=lib.published.pk).update(licence="all_rights")
    response = client_for("trainer").post(
        reverse("library:offer", args=[lib.published.pk]), {"offered": "1"}, follow=True
    )
    text = " ".join(m.message for m in response.context["messages"])
    assert "Creative Commons" in text
    assert not Resource.objects.get(pk=lib.published.pk).offered_to_all


def test_a_draft_cannot_be_offered(lib, users):
    with pytest.raises(ValidationError):
        offer(users, "trainer", lib.draft)
    assert not Resource.objects.filter(offered_to_all=True).exists()


@pytest.mark.parametrize("who", ["coordinator_d6", "school_contact_s6", "bumehen_directorate"])
def test_only_the_author_or_a_curator_offers(lib, users, client_for, who):
    response = client_for(who).post(
        reverse("library:offer", args=[lib.published.pk]), {"offered": "1"}
    )
    assert response.status_code in (403, 404)
    assert not Resource.objects.get(pk=lib.published.pk).offered_to_all


def test_offer_and_withdraw_mark_the_index(lib, users):
    row = offer(users, "directorate", lib.published)
    assert (row.offered_to_all, row.offered_by, doc(row).shared) == (
        True,
        users["directorate"],
        True,
    )
    row = offer(users, "trainer", row, offered=False)
    assert (row.offered_to_all, row.offered_at, doc(row).shared) == (False, None, False)


@pytest.fixture
def elsewhere(lib, users, world):
    """Tehran: the published cc_by one offered, another published one not offered, an
    all-rights one, a cc_by draft. Bumehen: one published and offered, one published not."""
    offered = offer(users, "trainer", lib.published)
    unoffered = services.resource_create(
        scope=as_(users, "trainer"), actor=users["trainer"], upload=pdf(),
        data={"kind": "game", "title": "بازی پنهان", "summary": "فقط برای تهران",
              "domain_id": lib.pool.health.pk, "audience": "adults", "licence": "cc_by"},
    )  # fmt: skip
    Resource.objects.filter(pk__in=[unoffered.pk, lib.submitted.pk]).update(
        status="published", published_at=timezone.now()
    )
    Resource.objects.filter(pk=lib.submitted.pk).update(licence="all_rights")
    Resource.objects.filter(pk=lib.draft.pk).update(licence="cc_by")
    domain = DomainFactory(municipality=world.bumehen)
    author = TrainerFactory(home_district=world.b1)
    common = {
        "municipality": world.bumehen, "domain": domain, "audience": "adults", "kind": "game",
        "author": author, "status": "published", "published_at": timezone.now(),
        "licence": "cc_by_sa", "summary": "بومهن",
    }  # fmt: skip
    b_offered = Resource.objects.create(
        title="بازی بومهن", offered_to_all=True, offered_at=timezone.now(), **common
    )
    b_own = Resource.objects.create(title="فقط بومهن", **common)
    return offered, unoffered, b_offered, b_own


def test_another_municipality_sees_only_what_was_offered(elsewhere, lib, users, client_for):
    offered, unoffered, b_offered, b_own = elsewhere
    bumehen = client_for("bumehen_directorate")
    shelf = bumehen.get(reverse("library:shared"))
    assert [r.pk for r in shelf.context["page"].object_list] == [offered.pk]
    page = bumehen.get(reverse("library:shared_detail", args=[offered.pk]))
    assert page.status_code == 200
    credit = page.content.decode()
    author = Resource.objects.get(pk=offered.pk).author
    assert f"{author.first_name} آموزشگر" in credit  # digits are shown in Persian
    assert lib.published.municipality.name in credit
    download = bumehen.get(reverse("library:shared_download", args=[offered.pk]))
    assert download.status_code == 200 and download.getvalue().startswith(b"%PDF")
    for hidden in (unoffered, lib.draft, lib.submitted):
        assert bumehen.get(reverse("library:shared_detail", args=[hidden.pk])).status_code == 404
        assert bumehen.get(reverse("library:shared_download", args=[hidden.pk])).status_code == 404
    # the own library pages of Tehran stay closed to Bumehen, even for the offered one
    for name in ("detail", "download"):
        assert bumehen.get(reverse(f"library:{name}", args=[offered.pk])).status_code == 404


def test_another_municipality_cannot_rate_comment_or_edit(elsewhere, users, client_for):
    offered = elsewhere[0]
    bumehen = client_for("bumehen_directorate")
    for name, data in (("rate", {"stars": "5"}), ("comment", {"text": "عالی"}), ("edit", {})):
        assert bumehen.post(reverse(f"library:{name}", args=[offered.pk]), data).status_code == 404
    with pytest.raises(PermissionDenied):
        services.resource_rate(
            scope=as_(users, "bumehen_directorate"), actor=users["bumehen_directorate"],
            resource=offered, stars=5,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.comment_add(
            scope=as_(users, "bumehen_directorate"), actor=users["bumehen_directorate"],
            resource=offered, text="عالی",
        )  # fmt: skip
    assert not Rating.objects.exists() and not Comment.objects.exists()


def test_the_offering_municipality_sees_nothing_of_the_others_but_their_offer(
    elsewhere, client_for
):
    offered, _unoffered, b_offered, b_own = elsewhere
    tehran = client_for("coordinator_d6")
    shelf = tehran.get(reverse("library:shared"))
    assert [r.pk for r in shelf.context["page"].object_list] == [b_offered.pk]
    assert tehran.get(reverse("library:shared_detail", args=[b_own.pk])).status_code == 404
    assert tehran.get(reverse("library:detail", args=[b_own.pk])).status_code == 404
    assert tehran.get(reverse("library:detail", args=[b_offered.pk])).status_code == 404
    listed = tehran.get(reverse("library:list"))
    assert b_own.pk not in [r.pk for r in listed.context["page"].object_list]
    # its own offered resource is not on its own "other cities" shelf
    assert tehran.get(reverse("library:shared_detail", args=[offered.pk])).status_code == 404


def test_the_shared_selector_never_returns_rows_of_the_callers_municipality(elsewhere, users):
    rows = selectors.offered_elsewhere(as_(users, "directorate"))
    assert {r.municipality_id for r in rows} == {elsewhere[2].municipality_id}
    assert not selectors.offered_elsewhere(as_(users, "citizen")).exists()
