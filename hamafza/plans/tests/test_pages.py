import pytest
from django.urls import reverse

from hamafza.plans.models import PlanLine, TargetVersion
from hamafza.plans.tests.conftest import add_line

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

LINE = {
    "quarter": "2",
    "sessions": "۱۲",  # Persian digits are fine
    "participants": "300",
    "schools_primary": "5",
    "schools_lower_secondary": "0",
    "schools_upper_secondary": "0",
    "budget": "",
}


def test_the_coordinator_plans_and_submits_then_the_directorate_approves(
    world, users, joint, client_for
):
    coordinator = client_for("coordinator_d6")
    url = reverse("plans:line_new", args=[joint.p6.pk])
    page = coordinator.post(
        url, {**LINE, "domain": joint.health.pk, "agency": world.health.pk}, follow=True
    )
    assert page.status_code == 200
    line = PlanLine.objects.get(district_plan=joint.p6)
    assert (line.sessions, line.participants, line.quarter, line.budget) == (12, 300, 2, 0)
    coordinator.post(reverse("plans:action", args=[joint.p6.pk]), {"action": "submit"})
    joint.p6.refresh_from_db()
    assert joint.p6.status == "submitted"
    # once submitted, the edit page refuses the change with a message and keeps the figures
    page = coordinator.post(
        reverse("plans:line_edit", args=[joint.p6.pk, line.pk]),
        {**LINE, "sessions": "99", "domain": joint.health.pk, "agency": world.health.pk},
    )
    assert page.status_code == 400 and "alert-danger" in page.content.decode()
    line.refresh_from_db()
    assert line.sessions == 12
    # the coordinator has no approve button and a forged approve is refused
    page = coordinator.get(joint.p6.get_absolute_url())
    assert 'value="approve"' not in page.content.decode()
    coordinator.post(reverse("plans:action", args=[joint.p6.pk]), {"action": "approve"})
    joint.p6.refresh_from_db()
    assert joint.p6.status == "submitted"

    directorate = client_for("directorate")
    page = directorate.get(joint.p6.get_absolute_url())
    assert 'value="approve"' in page.content.decode()
    directorate.post(reverse("plans:action", args=[joint.p6.pk]), {"action": "approve"})
    joint.p6.refresh_from_db()
    assert joint.p6.status == "approved"
    assert TargetVersion.objects.filter(line=line, sessions=12).exists()


def test_bad_input_on_the_line_form_is_answered_in_persian(world, users, joint, client_for):
    page = client_for("coordinator_d6").post(
        reverse("plans:line_new", args=[joint.p6.pk]),
        {**LINE, "sessions": "-1", "domain": joint.health.pk, "agency": world.health.pk},
    )
    assert page.status_code == 400
    assert "عددی از ۰ تا ۱۰۰٬۰۰۰ بنویسید." in page.content.decode()  # the range, in Persian
    assert not PlanLine.objects.exists()


def test_pages_are_scoped(world, users, joint, client_for):
    add_line(users, "directorate", joint.p12, joint.health, world.health)
    coordinator = client_for("coordinator_d6")
    assert coordinator.get(joint.p12.get_absolute_url()).status_code == 404
    assert coordinator.get(reverse("plans:line_new", args=[joint.p12.pk])).status_code == 404
    page = coordinator.get(reverse("plans:detail", args=[1405]))
    assert page.status_code == 200
    assert world.d12.name not in page.content.decode()
    assert client_for("liaison_health").get(joint.p12.get_absolute_url()).status_code == 200
    assert (
        client_for("liaison_health").get(reverse("plans:line_new", args=[joint.p12.pk])).status_code
        == 403
    )
    for role in ("trainer", "citizen", "school_contact_s6"):
        assert client_for(role).get(reverse("plans:index")).status_code == 403
    assert client_for("bumehen_directorate").get(joint.p6.get_absolute_url()).status_code == 404


def test_the_directorate_starts_a_year_from_the_page(world, users, joint, client_for):
    directorate = client_for("directorate")
    page = directorate.post(reverse("plans:index"), {"year": "۱۴۰۶"}, follow=True)
    assert page.status_code == 200
    assert joint.plan.__class__.objects.filter(municipality=world.tehran, year=1406).exists()
    page = directorate.post(reverse("plans:index"), {"year": "abc"}, follow=True)
    assert "1405" in page.content.decode() or "۱۴۰۵" in page.content.decode()
    assert joint.plan.__class__.objects.filter(municipality=world.tehran).count() == 2
    # a coordinator cannot start a year
    client_for("coordinator_d6").post(reverse("plans:index"), {"year": "1407"})
    assert not joint.plan.__class__.objects.filter(year=1407).exists()
