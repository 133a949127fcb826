import pytest
from django.urls import reverse
from django.utils import translation

from hamafza.org.models import School


def school_form(world, **overrides):
    data = {
        "name": "دبستان خوارزمی",
        "code": "۳۳۳۳",
        "district": world.d6.pk,
        "neighbourhood": world.hood6.pk,
        "stage": "primary",
        "gender": "boys",
        "ownership": "public",
        "grade_from": 1,
        "grade_to": 6,
        "principal_mobile": "۰۹۱۲۱۲۳۴۵۶۷",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_school_in_their_district(world, client_for):
    response = client_for("coordinator_d6").post(reverse("org:school_create"), school_form(world))
    assert response.status_code == 302
    school = School.objects.get(code="3333")  # Persian digits stored as Latin
    assert school.municipality == world.tehran
    assert school.principal_mobile == "09121234567"
    assert response["Location"] == school.get_absolute_url()


def test_duplicate_name_after_normalisation_is_refused(world, client_for):
    # "دبستان فردوسي" with an Arabic yeh and a stray ZWNJ is the same as "دبستان فردوسی"
    before = School.objects.count()
    response = client_for("directorate").post(
        reverse("org:school_create"), school_form(world, name="دبستان\u200c فردوسي", code="4444")
    )
    assert response.status_code == 400
    assert School.objects.count() == before
    with translation.override("fa"):
        assert "این منطقه" in response.content.decode() or "already" in response.content.decode()


def test_duplicate_code_is_refused_with_a_message(world, client_for):
    before = School.objects.count()
    response = client_for("directorate").post(
        reverse("org:school_create"), school_form(world, code="1001")
    )
    assert response.status_code == 400
    assert School.objects.count() == before


@pytest.mark.parametrize(
    "overrides",
    [
        {"principal_mobile": "0912"},
        {"grade_from": 7, "grade_to": 3},
        {"grade_to": 14},
        {"name": ""},
        {"neighbourhood": "HOOD12"},  # a neighbourhood of another district
        {"stage": "university"},
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, client_for, overrides):
    if overrides.get("neighbourhood") == "HOOD12":
        overrides["neighbourhood"] = world.hood12.pk
    before = School.objects.count()
    response = client_for("directorate").post(
        reverse("org:school_create"), school_form(world, **overrides)
    )
    assert response.status_code == 400
    assert School.objects.count() == before
    assert (
        "invalid-feedback" in response.content.decode()
        or "alert-danger" in response.content.decode()
    )


def test_concurrent_edit_is_detected(world, client_for):
    client = client_for("directorate")
    url = reverse("org:school_edit", args=[world.s6.pk])
    page = client.get(url)
    version = page.context["form"].initial["version"]
    # someone else saves first
    other = client_for("coordinator_d6")
    assert (
        other.post(
            url, school_form(world, name="دبستان فردوسی نو", code="1001", version=version)
        ).status_code
        == 302
    )
    response = client.post(url, school_form(world, name="نام من", code="1001", version=version))
    assert response.status_code == 400
    world.s6.refresh_from_db()
    assert world.s6.name == "دبستان فردوسی نو"


def test_search_is_persian_normalised(world, client_for):
    client = client_for("directorate")
    # typed with Arabic kaf/yeh and no ZWNJ
    response = client.get(reverse("org:venue_list"), {"q": "فرهنگسراي يوسف آباد"})
    assert "فرهنگسرای یوسف‌آباد" in response.content.decode()
    response = client.get(reverse("org:school_list"), {"q": "۱۰۰۱"})
    html = response.content.decode()
    assert "دبستان فردوسی" in html and "دبستان حافظ" not in html


def test_school_filters(world, client_for):
    response = client_for("directorate").get(reverse("org:school_list"), {"district": world.d12.pk})
    html = response.content.decode()
    assert "دبستان حافظ" in html and "دبستان فردوسی" not in html


def test_edit_is_recorded_in_the_audit_trail(world, client_for, users):
    client_for("directorate").post(
        reverse("org:school_edit", args=[world.s6.pk]),
        school_form(
            world, name="دبستان فردوسی ۲", code="1001", version=world.s6.updated_at.isoformat()
        ),
    )
    response = client_for("directorate").get(reverse("org:school_history", args=[world.s6.pk]))
    html = response.content.decode()
    assert "دبستان فردوسی ۲" in html  # after
    assert "دبستان فردوسی" in html  # before
    assert str(users["directorate"]) in html


def test_detail_page_shows_fields_and_jalali_date(world, client_for):
    response = client_for("directorate").get(world.s6.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "دبستان فردوسی" in html
    assert any(
        m in html
        for m in (
            "فروردین",
            "اردیبهشت",
            "خرداد",
            "تیر",
            "مرداد",
            "شهریور",
            "مهر",
            "آبان",
            "آذر",
            "دی",
            "بهمن",
            "اسفند",
        )
    )


def test_english_pages_show_gregorian_dates(world, client_for):
    response = client_for("directorate").get("/en" + world.s6.get_absolute_url())
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html


def test_district_and_agency_creation_by_directorate(world, client_for):
    client = client_for("directorate")
    assert (
        client.post(reverse("org:district_create"), {"number": 7, "name": "منطقه ۷"}).status_code
        == 302
    )
    response = client.post(reverse("org:district_create"), {"number": 6, "name": "تکراری"})
    assert response.status_code == 400
    assert (
        client.post(
            reverse("org:agency_create"), {"name": "سازمان تازه", "kind": "other"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("org:agency_create"),
            {"name": "سازمان تازه", "kind": "other", "contact_mobile": "123"},
        ).status_code
        == 400
    )
