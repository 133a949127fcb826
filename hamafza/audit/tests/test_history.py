"""The change history reads as a person speaks: a choice's label in the active language, the
related record's name, yes/no and Jalali dates, never the stored codes ("primary", "boys")."""

from django.urls import reverse

from hamafza.audit.selectors import record_history
from hamafza.org.models import School, Venue


def test_school_history_shows_choice_labels_and_names_not_codes(world, client_for):
    # given a school moved to another district, its stage and gender changed
    school = world.s6
    school.stage = School.Stage.LOWER_SECONDARY
    school.gender = School.Gender.BOYS
    school.district = world.d12
    school.save()

    # when the directorate reads its history, in Persian and in English
    url = reverse("org:school_history", args=[school.pk])
    fa = client_for("directorate").get(url).content.decode()
    en = client_for("directorate").get("/en" + url).content.decode()

    # then labels and names, not codes or ids
    for code in ("primary", "lower_secondary", "boys", "girls"):
        assert f"<td>{code}</td>" not in fa and f"<td>{code}</td>" not in en
    assert "<td>پسرانه</td>" in fa and "<td>دخترانه</td>" in fa
    assert "<td>Boys</td>" in en and "<td>Girls</td>" in en
    assert "<td>Lower secondary (grades 7–9)</td>" in en
    assert f"<td>{world.d12.name}</td>" in fa and f"<td>{world.d6.name}</td>" in fa
    assert f"<td>{world.d12.pk}</td>" not in fa


def test_venue_creation_shows_the_kind_label(world, client_for):
    venue = Venue.objects.create(
        municipality=world.tehran, district=world.d6, name="کتابخانه محله", kind="library"
    )
    html = client_for("directorate").get(reverse("org:venue_history", args=[venue.pk]))
    html = html.content.decode()
    assert "<td>library</td>" not in html
    assert "<td>کتابخانه</td>" in html


def test_agency_kind_and_yes_no_in_the_selector(world):
    from django.utils import translation

    agency = world.health
    agency.kind = "education"
    agency.save()
    with translation.override("en"):
        changes = {
            c.field: (str(c.before), str(c.after)) for c in record_history(agency)[0].changes
        }
    assert changes["kind"] == ("Health", "Education department")
