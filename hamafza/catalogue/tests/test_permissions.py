"""The permission matrix of the catalogue pages: every staff role reads, the directorate manages
everything, an agency liaison only the programs of its agency's domains; volunteers and citizens
get 403, another municipality 404, and a refused write leaves the database as it was."""

import pytest
from django.urls import reverse

from hamafza.catalogue.models import Lesson, Material, Program, ProgramVersion, Question

STAFF = [
    "platform_admin",
    "directorate",
    "coordinator_d6",
    "liaison_health",
    "school_contact_s6",
    "trainer",
]
NON_STAFF = ["volunteer", "citizen"]
MANAGE_HEALTH = {"platform_admin", "directorate", "liaison_health"}
MANAGE_TRAFFIC = {"platform_admin", "directorate"}


def snapshot():
    return (
        list(Program.objects.order_by("pk").values_list("code", "title", "domain_id", "status")),
        list(ProgramVersion.objects.order_by("pk").values_list("program_id", "number", "status")),
        list(Lesson.objects.order_by("pk").values_list("version_id", "order", "title", "plan")),
        Material.objects.count(),
        list(Question.objects.order_by("pk").values_list("text", "correct_index")),
    )


def program_form(cat, **overrides):
    data = {
        "code": "N-1",
        "title": "برنامه تازه",
        "domain": cat.health.pk,
        "audience": "primary_lower",
        "gender": "mixed",
        "session_count": 2,
        "session_minutes": 45,
        "objectives": "هدف یک\nهدف دو",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", STAFF)
def test_every_staff_role_reads_the_whole_catalogue_of_its_municipality(cat, client_for, role):
    response = client_for(role).get(reverse("catalogue:program_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert cat.prog_health.get_absolute_url() in html
    assert cat.prog_traffic.get_absolute_url() in html
    assert "شهروند مسئول بومهن" not in html
    detail = client_for(role).get(cat.prog_traffic.get_absolute_url())
    assert detail.status_code == 200


@pytest.mark.parametrize("role", NON_STAFF)
@pytest.mark.parametrize(
    "name",
    ["program_list", "program_detail", "program_create", "question_sheet", "question_list"],
)
def test_volunteers_and_citizens_are_refused(cat, client_for, role, name):
    args = [] if name in ("program_list", "program_create") else [cat.prog_health.pk]
    assert client_for(role).get(reverse(f"catalogue:{name}", args=args)).status_code == 403


def test_anonymous_is_sent_to_login(cat, client):
    response = client.get(reverse("catalogue:program_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    "name", ["program_detail", "program_edit", "question_list", "question_sheet", "answer_key"]
)
def test_another_municipality_gets_404(cat, client_for, name):
    client = client_for("bumehen_directorate")
    assert client.get(reverse(f"catalogue:{name}", args=[cat.prog_health.pk])).status_code == 404
    # and its own program is there
    assert client.get(reverse(f"catalogue:{name}", args=[cat.prog_bumehen.pk])).status_code == 200


@pytest.mark.parametrize("role", STAFF + NON_STAFF)
def test_new_program_page_only_for_those_who_manage_a_domain(cat, client_for, role):
    status = client_for(role).get(reverse("catalogue:program_create")).status_code
    assert status == (200 if role in MANAGE_HEALTH else 403)


@pytest.mark.parametrize("role", STAFF + NON_STAFF)
def test_creating_a_program(cat, client_for, role):
    before = snapshot()
    response = client_for(role).post(reverse("catalogue:program_create"), program_form(cat))
    if role in MANAGE_HEALTH:
        assert response.status_code == 302
        program = Program.objects.get(code="N-1")
        assert program.status == Program.Status.DRAFT
        assert program.versions.get().status == ProgramVersion.Status.DRAFT
        assert response["Location"] == program.versions.get().get_absolute_url()
    else:
        assert response.status_code == 403
        assert snapshot() == before


def test_liaison_cannot_add_a_program_to_another_agencys_domain(cat, client_for):
    before = snapshot()
    response = client_for("liaison_health").post(
        reverse("catalogue:program_create"), program_form(cat, domain=cat.traffic.pk)
    )
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        ("directorate", "prog_health", 302),
        ("directorate", "prog_traffic", 302),
        ("platform_admin", "prog_traffic", 302),
        ("liaison_health", "prog_health", 302),
        ("liaison_health", "prog_traffic", 403),  # not their agency's domain
        ("coordinator_d6", "prog_health", 403),
        ("school_contact_s6", "prog_health", 403),
        ("trainer", "prog_health", 403),
        ("citizen", "prog_health", 403),
        ("bumehen_directorate", "prog_health", 404),
        ("directorate", "prog_bumehen", 404),
    ],
)
def test_editing_a_program(cat, client_for, role, target, expected):
    program = getattr(cat, target)
    before = snapshot()
    response = client_for(role).post(
        reverse("catalogue:program_edit", args=[program.pk]),
        program_form(
            cat,
            code=program.code,
            domain=program.domain_id,
            title="عنوان تازه",
            status="active",
            session_count=program.session_count,
            version=program.updated_at.isoformat(),
        ),
    )
    assert response.status_code == expected
    if expected == 302:
        program.refresh_from_db()
        assert program.title == "عنوان تازه"
    else:
        assert snapshot() == before


def test_liaison_cannot_move_a_program_into_another_domain(cat, client_for):
    before = snapshot()
    response = client_for("liaison_health").post(
        reverse("catalogue:program_edit", args=[cat.prog_health.pk]),
        program_form(cat, code="H-1", domain=cat.traffic.pk, status="active", session_count=3),
    )
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("directorate", 302),
        ("liaison_health", 302),
        ("trainer", 403),
        ("coordinator_d6", 403),
        ("citizen", 403),
        ("bumehen_directorate", 404),
    ],
)
def test_starting_a_new_version(cat, client_for, role, expected):
    before = snapshot()
    response = client_for(role).post(
        reverse("catalogue:version_new", args=[cat.prog_health.pk]), {"notes": "بازنگری"}
    )
    assert response.status_code == expected
    if expected == 302:
        assert cat.prog_health.versions.filter(number=2, status="draft").exists()
    else:
        assert snapshot() == before


def test_new_version_by_liaison_of_another_domain_is_refused(cat, client_for):
    before = snapshot()
    response = client_for("liaison_health").post(
        reverse("catalogue:version_new", args=[cat.prog_traffic.pk])
    )
    assert response.status_code == 403
    assert snapshot() == before


@pytest.fixture
def draft(cat, users):
    from hamafza.catalogue import services
    from hamafza.core.scoping import Role, Scope

    scope = Scope(
        user_id=users["directorate"].pk,
        role=Role.DIRECTORATE,
        municipality_id=cat.prog_health.municipality_id,
    )
    return services.version_new(scope=scope, actor=users["directorate"], program=cat.prog_health)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("directorate", 302),
        ("liaison_health", 302),
        ("trainer", 403),
        ("school_contact_s6", 403),
        ("citizen", 403),
        ("bumehen_directorate", 404),
    ],
)
def test_adding_a_lesson_to_a_draft(cat, draft, client_for, role, expected):
    before = snapshot()
    url = reverse("catalogue:lesson_create", args=[cat.prog_health.pk, draft.number])
    response = client_for(role).post(url, {"title": "درس تازه", "plan": "طرح درس"})
    assert response.status_code == expected
    if expected == 302:
        assert draft.lessons.filter(title="درس تازه", order=4).exists()
    else:
        assert snapshot() == before


@pytest.mark.parametrize(
    ("role", "expected"), [("directorate", 200), ("liaison_health", 200), ("trainer", 404)]
)
def test_drafts_are_seen_only_by_those_who_manage_the_program(
    cat, draft, client_for, role, expected
):
    url = reverse("catalogue:version_detail", args=[cat.prog_health.pk, draft.number])
    assert client_for(role).get(url).status_code == expected
    detail = client_for(role).get(cat.prog_health.get_absolute_url()).content.decode()
    assert (draft.get_absolute_url() in detail) == (expected == 200)


@pytest.mark.parametrize("role", ["trainer", "liaison_health", "coordinator_d6"])
def test_publishing_is_refused_to_others(cat, client_for, role, users):
    from hamafza.catalogue.tests.factories import LessonFactory, ProgramVersionFactory

    version = ProgramVersionFactory(program=cat.prog_traffic, number=2)
    LessonFactory(version=version, order=1)
    LessonFactory(version=version, order=2)
    before = snapshot()
    response = client_for(role).post(
        reverse("catalogue:version_publish", args=[cat.prog_traffic.pk, 2])
    )
    assert response.status_code in (403, 404)
    assert snapshot() == before
    cat.prog_traffic.refresh_from_db()
    assert cat.prog_traffic.current_version.number == 1


@pytest.mark.parametrize("role", ["trainer", "liaison_health", "school_contact_s6"])
def test_question_pages_that_write_are_refused(cat, client_for, role):
    program = cat.prog_traffic
    before = snapshot()
    client = client_for(role)
    assert client.get(reverse("catalogue:question_create", args=[program.pk])).status_code == 403
    response = client.post(
        reverse("catalogue:question_create", args=[program.pk]),
        {"text": "پرسش", "choice_1": "الف", "choice_2": "ب", "correct": 1},
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_trainer_cannot_edit_a_question(cat, client_for):
    before = snapshot()
    response = client_for("trainer").post(
        reverse("catalogue:question_edit", args=[cat.q1.pk]),
        {"text": "تغییر", "choice_1": "الف", "choice_2": "ب", "correct": 1},
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_htmx_partial_is_scoped_like_the_page(cat, client_for):
    response = client_for("trainer").get(
        reverse("catalogue:program_list"), {"q": "برنامه"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    response = client_for("trainer").get(
        reverse("catalogue:program_list"), {"q": "بومهن"}, HTTP_HX_REQUEST="true"
    )
    assert "شهروند مسئول بومهن" not in response.content.decode()


def test_htmx_partial_denied_to_citizens(cat, client_for):
    response = client_for("citizen").get(reverse("catalogue:program_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 403


@pytest.mark.parametrize(("role", "shown"), [("trainer", True), ("citizen", False)])
def test_menu_entry(cat, client_for, role, shown):
    html = client_for(role).get("/").content.decode()
    assert (f'href="{reverse("catalogue:program_list")}"' in html) == shown
