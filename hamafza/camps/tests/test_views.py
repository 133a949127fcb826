import pytest
from django.urls import reverse

from hamafza.camps.models import Camp, CampParticipant, CampStaff
from hamafza.camps.tests.conftest import in_days
from hamafza.camps.tests.factories import CampFactory, ParticipantFactory


def listed(client, **params) -> set[int]:
    response = client.get(reverse("camps:list"), params)
    assert response.status_code == 200
    return {c.pk for c in response.context["page"].object_list}


@pytest.fixture
def past(world):
    return CampFactory(
        district=world.d6,
        title="اردوی گذشته",
        start_date=in_days(-30),
        end_date=in_days(-28),
        status=Camp.Status.HELD,
    )


def test_the_list_is_district_scoped_and_filtered_by_time(camps, past, client_for):
    coordinator = client_for("coordinator_d6")
    assert listed(coordinator) == {camps.d6.pk}  # upcoming by default
    assert listed(coordinator, when="past") == {past.pk}
    assert listed(coordinator, when="all") == {camps.d6.pk, past.pk}
    assert listed(client_for("directorate")) == {camps.d6.pk, camps.d12.pk}
    assert listed(client_for("directorate"), district=camps.d12.district_id) == {camps.d12.pk}
    assert listed(client_for("bumehen_directorate"), when="all") == set()


def test_the_list_shows_counts(camps, world, client_for):
    ParticipantFactory(camp=camps.d6, school=world.s6)
    ParticipantFactory(camp=camps.d6, school=world.s6, status="withdrawn")
    response = client_for("coordinator_d6").get(reverse("camps:list"))
    camp = response.context["page"].object_list[0]
    assert (camp.participant_count, camp.staff_count, camp.consent_count) == (1, 2, 0)


def test_a_coordinator_of_another_district_gets_404(camps, world, client_for):
    client = client_for("coordinator_d6")
    d12 = camps.d12.pk
    for name in ("detail", "edit", "participant_add", "staff_add", "programme_add"):
        assert client.get(reverse(f"camps:{name}", args=[d12])).status_code == 404, name
    response = client.post(
        reverse("camps:participant_add", args=[d12]),
        {"full_name": "x", "school": world.s6.pk, "grade": 5, "gender": "girl",
         "guardian_name": "y", "guardian_mobile": "09121234567"},
    )  # fmt: skip
    assert response.status_code == 404
    assert not CampParticipant.objects.exists()


@pytest.mark.parametrize("role", ["citizen", "liaison_health"])
def test_citizens_see_no_camps(camps, client_for, role):
    client = client_for(role)
    assert client.get(reverse("camps:list")).status_code == 403
    assert client.get(camps.d6.get_absolute_url()).status_code == 403
    assert client.post(reverse("camps:create"), {"title": "x"}).status_code == 403
    assert Camp.objects.count() == 2


def test_anonymous_visitors_are_sent_to_log_in(camps, client):
    response = client.get(reverse("camps:list"))
    assert response.status_code == 302 and "login" in response.url


def test_a_trainer_sees_the_camps_they_staff_read_only(camps, world, client_for):
    p = ParticipantFactory(camp=camps.d6, school=world.s6, guardian_mobile="09127777777")
    client = client_for("trainer")  # t6, the leader of the district-6 camp
    assert listed(client, when="all") == {camps.d6.pk}
    page = client.get(camps.d6.get_absolute_url())
    assert page.status_code == 200 and not page.context["can_manage"]
    html = page.content.decode()
    assert reverse("camps:edit", args=[camps.d6.pk]) not in html
    assert "۰۹۱۲۷۷۷۷۷۷۷" in html  # the leader may call guardians
    assert client.get(camps.d12.get_absolute_url()).status_code == 404
    assert client.get(reverse("camps:edit", args=[camps.d6.pk])).status_code == 403
    status_url = reverse("camps:participant_status", args=[camps.d6.pk, p.pk])
    assert client.post(status_url, {"status": "withdrawn"}).status_code == 403
    p.refresh_from_db()
    assert p.status == CampParticipant.Status.REGISTERED
    remove = reverse("camps:staff_remove", args=[camps.d6.pk, camps.d6.staff.first().pk])
    assert client.post(remove).status_code == 403
    assert camps.d6.staff.count() == 2


def test_a_volunteer_sees_their_camp_without_guardians_mobiles(camps, world, client_for):
    ParticipantFactory(camp=camps.d6, school=world.s6, guardian_mobile="09127777777")
    client = client_for("volunteer")
    assert listed(client, when="all") == {camps.d6.pk}
    html = client.get(camps.d6.get_absolute_url()).content.decode()
    assert "۰۹۱۲۷۷۷۷۷۷۷" not in html and "09127777777" not in html


def test_a_volunteer_not_on_the_staff_sees_nothing(camps, users, client):
    client.force_login(camps.other_volunteer)
    assert listed(client, when="all") == set()
    assert client.get(camps.d6.get_absolute_url()).status_code == 404


def test_a_school_contact_sees_only_their_own_students(camps, world, client_for):
    mine = ParticipantFactory(camp=camps.d6, school=world.s6, full_name="دانش‌آموز من")
    ParticipantFactory(camp=camps.d6, school=world.s12, full_name="دانش‌آموز دیگر")
    draft = CampFactory(district=world.d6, status=Camp.Status.DRAFT)
    client = client_for("school_contact_s6")
    assert listed(client, when="all") == {camps.d6.pk}  # not drafts, not other districts
    page = client.get(camps.d6.get_absolute_url())
    assert [p.pk for p in page.context["people"]] == [mine.pk]
    assert "دانش‌آموز دیگر" not in page.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("camps:participant_add", args=[camps.d6.pk])).status_code == 403


def test_adding_a_participant_on_the_page(camps, world, client_for):
    client = client_for("coordinator_d6")
    url = reverse("camps:participant_add", args=[camps.d6.pk])
    data = {
        "full_name": "زهرا احمدی", "school": world.s6.pk, "grade": "۵", "gender": "girl",
        "guardian_name": "علی احمدی", "guardian_mobile": "۰۹۱۲۱۲۳۴۵۶۷",
        "consent_method": "paper", "going": "on", "another": "1",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.endswith(url)
    p = CampParticipant.objects.get()
    assert (p.grade, p.guardian_mobile, p.status) == (5, "09121234567", "going")
    assert p.consent_recorded_by is not None


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("grade", "13", "The grade must be between 1 and 12."),
        ("guardian_mobile", "12345", "Enter an Iranian mobile number"),
        ("going", "on", "before the guardian&#x27;s consent is recorded"),
    ],
)
def test_bad_participant_input_on_the_page(camps, world, client_for, field, value, text):
    data = {
        "full_name": "زهرا احمدی", "school": world.s6.pk, "grade": "5", "gender": "girl",
        "guardian_name": "علی احمدی", "guardian_mobile": "09121234567",
    }  # fmt: skip
    data[field] = value
    response = client_for("coordinator_d6").post(f"/en/camps/{camps.d6.pk}/participants/new/", data)
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not CampParticipant.objects.exists()


def test_recording_consent_and_marking_going_on_the_page(camps, world, users, client_for):
    p = ParticipantFactory(camp=camps.d6, school=world.s6)
    client = client_for("coordinator_d6")
    status_url = reverse("camps:participant_status", args=[camps.d6.pk, p.pk])
    client.post(status_url, {"status": "going"})
    p.refresh_from_db()
    assert p.status == "registered"  # refused: no consent yet
    consent_url = reverse("camps:participant_consent", args=[camps.d6.pk, p.pk])
    response = client.post(consent_url, {"method": "in_person", "mark_going": "on"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "going" and p.consent_method == "in_person"
    assert p.consent_recorded_by == users["coordinator_d6"]
    page = client.get(camps.d6.get_absolute_url())
    assert page.context["counts"].with_consent == 1


def test_counts_by_gender_and_grade(camps, world, client_for):
    ParticipantFactory(camp=camps.d6, school=world.s6, grade=5, gender="girl")
    ParticipantFactory(camp=camps.d6, school=world.s6, grade=5, gender="boy")
    ParticipantFactory(camp=camps.d6, school=world.s6, grade=6, gender="girl")
    ParticipantFactory(camp=camps.d6, school=world.s6, grade=6, gender="boy", status="withdrawn")
    counts = client_for("directorate").get(camps.d6.get_absolute_url()).context["counts"]
    assert (counts.total, counts.girls, counts.boys) == (3, 2, 1)
    assert counts.by_grade == [(5, 1, 1), (6, 1, 0)]


def test_adding_staff_on_the_page_explains_an_overlap(camps, world, pool, client_for):
    overlapping = CampFactory(district=world.d6, start_date=in_days(21), end_date=in_days(22))
    response = client_for("coordinator_d6").post(
        f"/en/camps/{overlapping.pk}/staff/new/", {"trainer": pool.t6.pk, "role": "trainer"}
    )
    assert response.status_code == 400
    assert "which overlaps these dates" in response.content.decode()
    assert not overlapping.staff.exists()
    response = client_for("coordinator_d6").post(
        f"/en/camps/{overlapping.pk}/staff/new/",
        {"volunteer": camps.other_volunteer.pk, "role": CampStaff.Role.MEDIC},
    )
    assert response.status_code == 302
    assert overlapping.staff.get().user == camps.other_volunteer


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_pages_render_in_both_languages(camps, world, client_for, prefix):
    ParticipantFactory(camp=camps.d6, school=world.s6)
    client = client_for("coordinator_d6")
    pk = camps.d6.pk
    for path in (
        "/camps/", "/camps/?when=past", f"/camps/{pk}/", f"/camps/{pk}/edit/", "/camps/new/",
        f"/camps/{pk}/participants/new/", f"/camps/{pk}/staff/new/", f"/camps/{pk}/programme/new/",
    ):  # fmt: skip
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        assert f'lang="{"en" if prefix else "fa"}"' in response.content.decode()


def test_the_menu_shows_camps_to_those_who_may_see_them(camps, client_for):
    camps_url = reverse("camps:list")
    for role in ("coordinator_d6", "directorate", "trainer", "volunteer", "school_contact_s6"):
        assert camps_url in client_for(role).get("/").content.decode(), role
    assert f'href="{camps_url}"' not in client_for("citizen").get("/").content.decode()
