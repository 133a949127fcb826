"""Versions: a draft is edited, publishing freezes it and makes it current, a new version starts
as a copy of the current one, and nothing changes a published version's lessons."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamafza.catalogue import services
from hamafza.catalogue.models import Lesson, Material, Program, ProgramVersion
from hamafza.catalogue.tests.factories import MaterialFactory
from hamafza.core.scoping import Role, Scope


@pytest.fixture
def directorate(cat, users):
    user = users["directorate"]
    scope = Scope(
        user_id=user.pk, role=Role.DIRECTORATE, municipality_id=cat.health.municipality_id
    )
    return scope, user


def lessons_of(version):
    return list(version.lessons.order_by("order").values_list("order", "title", "plan", "minutes"))


def test_directorate_adds_a_program_with_a_lesson_plan_and_publishes_it(cat, client_for, users):
    client = client_for("directorate")
    # given a new program of two sessions
    response = client.post(
        reverse("catalogue:program_create"),
        {
            "code": "۱۲۳-ENV",  # Persian digits are stored as Latin
            "title": "كودك و محيط زيست",  # Arabic letters are normalised
            "domain": cat.traffic.pk,
            "audience": "primary_lower",
            "gender": "any",
            "session_count": 2,
            "session_minutes": 40,
            "objectives": "شناخت طبیعت\nکاهش پسماند",
        },
    )
    program = Program.objects.get(code="123-ENV")
    assert program.title == "کودک و محیط زیست"
    assert program.objectives == "شناخت طبیعت\nکاهش پسماند"  # line breaks kept
    version_url = reverse("catalogue:version_detail", args=[program.pk, 1])
    assert response["Location"] == version_url
    assert program.history.first().history_user == users["directorate"]  # audited
    # when lessons are added with their plans
    plan = "۱. گرم‌کردن (۵ دقیقه)\n۲. بازی گروهی (۲۰ دقیقه)\n۳. جمع‌بندی"
    add = reverse("catalogue:lesson_create", args=[program.pk, 1])
    assert client.post(add, {"title": "طبیعت اطراف ما", "plan": plan}).status_code == 302
    page = client.get(version_url).content.decode()
    assert "طبیعت اطراف ما" in page and "بازی گروهی" in page
    # publishing with one lesson for two sessions is refused with a reason
    publish = reverse("catalogue:version_publish", args=[program.pk, 1])
    response = client.post(publish, follow=True)
    assert 'class="alert alert-danger"' in response.content.decode()
    assert ProgramVersion.objects.get(program=program).status == "draft"
    assert (
        client.post(add, {"title": "پسماند کمتر", "plan": "طرح", "minutes": 30}).status_code == 302
    )
    # then it is published and becomes current
    assert client.post(publish).status_code == 302
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE
    assert program.current_version.number == 1
    assert program.current_version.published_at is not None
    assert lessons_of(program.current_version) == [
        (1, "طبیعت اطراف ما", plan, 40),  # stored as typed, Persian digits and all
        (2, "پسماند کمتر", "طرح", 30),
    ]
    detail = client.get(program.get_absolute_url()).content.decode()
    assert "طبیعت اطراف ما" in detail


def test_a_published_version_cannot_change(cat, directorate):
    scope, user = directorate
    version = cat.prog_health.current_version
    lesson = version.lessons.first()
    before = lessons_of(version)
    with pytest.raises(ValidationError):
        services.lesson_save(
            scope=scope, actor=user, version=version, data={"title": "x"}, instance=lesson
        )
    with pytest.raises(ValidationError):
        services.lesson_save(
            scope=scope, actor=user, version=version, data={"title": "x", "plan": "y"}
        )
    with pytest.raises(ValidationError):
        services.lesson_delete(scope=scope, actor=user, lesson=lesson)
    with pytest.raises(ValidationError):
        services.material_add(
            scope=scope, actor=user, version=version, title="x", kind="link", url="https://a.ir"
        )
    with pytest.raises(ValidationError):
        services.version_publish(scope=scope, actor=user, version=version)
    assert lessons_of(version) == before
    assert not Material.objects.exists()
    # the model refuses too (admin, shell)
    lesson.title = "تغییر"
    with pytest.raises(ValidationError):
        lesson.full_clean()


def test_a_published_lesson_cannot_be_edited_through_the_page(cat, client_for):
    lesson = cat.prog_health.current_version.lessons.first()
    before = lessons_of(lesson.version)
    client = client_for("directorate")
    response = client.post(
        reverse("catalogue:lesson_edit", args=[lesson.pk]),
        {"order": 1, "title": "تغییر", "plan": "تغییر", "minutes": 45},
    )
    assert response.status_code == 302
    assert lessons_of(lesson.version) == before
    response = client.post(reverse("catalogue:lesson_delete", args=[lesson.pk]))
    assert lessons_of(lesson.version) == before
    page = client.get(lesson.version.get_absolute_url()).content.decode()
    assert reverse("catalogue:lesson_edit", args=[lesson.pk]) not in page


def test_new_version_copies_lessons_and_materials_and_leaves_the_old_one_alone(cat, directorate):
    scope, user = directorate
    program = cat.prog_health
    v1 = program.current_version
    first = v1.lessons.get(order=1)
    MaterialFactory(version=v1, lesson=first, title="پوستر")
    MaterialFactory(version=v1, title="راهنمای مربی")
    v1_lessons = lessons_of(v1)
    # when
    v2 = services.version_new(scope=scope, actor=user, program=program, notes="بازنگری ۱۴۰۴")
    # then
    assert v2.number == 2 and v2.is_draft and v2.notes == "بازنگری ۱۴۰۴"
    assert lessons_of(v2) == v1_lessons
    assert not set(v2.lessons.values_list("pk", flat=True)) & set(
        v1.lessons.values_list("pk", flat=True)
    )
    assert v2.materials.get(title="پوستر").lesson == v2.lessons.get(order=1)
    assert v2.materials.get(title="راهنمای مربی").lesson is None
    program.refresh_from_db()
    assert program.current_version == v1  # still the published one
    # editing the draft does not touch version 1
    services.lesson_save(
        scope=scope,
        actor=user,
        version=v2,
        data={"title": "عنوان تازه"},
        instance=v2.lessons.get(order=1),
        expected_updated_at=v2.lessons.get(order=1).updated_at,
    )
    assert lessons_of(v1) == v1_lessons
    # publishing version 2 switches the current version
    services.version_publish(scope=scope, actor=user, version=v2)
    program.refresh_from_db()
    assert program.current_version == v2
    v1.refresh_from_db()
    assert v1.status == ProgramVersion.Status.PUBLISHED
    assert lessons_of(v1) == v1_lessons
    assert lessons_of(v2)[0][1] == "عنوان تازه"


def test_only_one_draft_at_a_time(cat, directorate):
    scope, user = directorate
    services.version_new(scope=scope, actor=user, program=cat.prog_health)
    with pytest.raises(ValidationError):
        services.version_new(scope=scope, actor=user, program=cat.prog_health)
    assert cat.prog_health.versions.count() == 2


def test_the_new_version_button(cat, client_for):
    client = client_for("directorate")
    response = client.post(reverse("catalogue:version_new", args=[cat.prog_health.pk]))
    assert response["Location"] == reverse("catalogue:version_detail", args=[cat.prog_health.pk, 2])
    # a second press opens nothing new and says why
    response = client.post(reverse("catalogue:version_new", args=[cat.prog_health.pk]), follow=True)
    assert cat.prog_health.versions.count() == 2
    assert "alert-danger" in response.content.decode()


def test_removing_a_lesson_renumbers_the_rest(cat, directorate):
    scope, user = directorate
    draft = services.version_new(scope=scope, actor=user, program=cat.prog_health)
    services.lesson_delete(scope=scope, actor=user, lesson=draft.lessons.get(order=1))
    assert list(draft.lessons.order_by("order").values_list("order", flat=True)) == [1, 2]


def test_lesson_numbers_are_unique_per_version(cat, directorate):
    scope, user = directorate
    draft = services.version_new(scope=scope, actor=user, program=cat.prog_health)
    with pytest.raises(ValidationError) as info:
        services.lesson_save(
            scope=scope, actor=user, version=draft, data={"order": 2, "title": "x", "plan": "y"}
        )
    assert "order" in info.value.message_dict or "__all__" in info.value.message_dict
    assert draft.lessons.count() == 3


@pytest.mark.parametrize(
    "overrides",
    [
        {"session_count": 0},
        {"session_count": 61},
        {"session_minutes": 5},
        {"audience": "university"},
        {"title": ""},
        {"objectives": ""},
        {"code": "H-1"},  # taken
    ],
)
def test_bad_program_input_is_refused_and_nothing_saved(cat, client_for, overrides):
    data = {
        "code": "X-1",
        "title": "برنامه",
        "domain": cat.health.pk,
        "audience": "parents",
        "gender": "any",
        "session_count": 2,
        "session_minutes": 60,
        "objectives": "هدف",
        **overrides,
    }
    before = Program.objects.count()
    response = client_for("directorate").post(reverse("catalogue:program_create"), data)
    assert response.status_code == 400
    assert Program.objects.count() == before
    assert "invalid-feedback" in response.content.decode() or "alert-danger" in (
        response.content.decode()
    )


def test_a_program_is_active_only_with_a_published_version(cat, client_for, directorate):
    scope, user = directorate
    program = services.program_create(
        scope=scope,
        actor=user,
        data={
            "code": "D-1",
            "domain_id": cat.health.pk,
            "title": "پیش‌نویس",
            "objectives": "هدف",
            "audience": "adults",
            "session_count": 1,
            "session_minutes": 60,
        },
    )
    with pytest.raises(ValidationError):
        services.program_update(
            scope=scope, actor=user, program=program, data={"status": "active"},
            expected_updated_at=program.updated_at,
        )  # fmt: skip
    program.refresh_from_db()
    assert program.status == Program.Status.DRAFT


def test_concurrent_edit_is_detected(cat, client_for):
    client = client_for("directorate")
    url = reverse("catalogue:program_edit", args=[cat.prog_health.pk])
    version = client.get(url).context["form"].initial["version"]
    data = {
        "code": "H-1",
        "domain": cat.health.pk,
        "audience": "primary_upper",
        "gender": "any",
        "session_count": 3,
        "session_minutes": 45,
        "status": "active",
        "objectives": "هدف",
    }
    assert (
        client_for("liaison_health")
        .post(url, {**data, "title": "نسخه همکار", "version": version})
        .status_code
        == 302
    )
    response = client.post(url, {**data, "title": "نسخه من", "version": version})
    assert response.status_code == 400
    cat.prog_health.refresh_from_db()
    assert cat.prog_health.title == "نسخه همکار"


def test_search_is_persian_normalised_and_filters_work(cat, client_for):
    client = client_for("trainer")
    # typed with an Arabic kaf and yeh and without the ZWNJ
    html = client.get(
        reverse("catalogue:program_list"), {"q": "بهداشت فردي كودكان"}
    ).content.decode()
    assert "بهداشت فردی کودکان" in html and "عابر پیاده هوشیار" not in html
    html = client.get(
        reverse("catalogue:program_list"), {"domain": cat.traffic.pk}
    ).content.decode()
    assert "عابر پیاده هوشیار" in html and "بهداشت فردی کودکان" not in html
    html = client.get(reverse("catalogue:program_list"), {"audience": "adults"}).content.decode()
    assert "عابر پیاده هوشیار" not in html
    html = client.get(reverse("catalogue:program_list"), {"q": "h-1"}).content.decode()
    assert "بهداشت فردی کودکان" in html


def test_changes_are_audited_with_the_user(cat, directorate):
    scope, user = directorate
    draft = services.version_new(scope=scope, actor=user, program=cat.prog_health)
    lesson = draft.lessons.get(order=1)
    services.lesson_save(
        scope=scope, actor=user, version=draft, data={"plan": "طرح تازه"}, instance=lesson,
        expected_updated_at=lesson.updated_at,
    )  # fmt: skip
    record = Lesson.history.filter(id=lesson.pk).order_by("-history_date").first()
    assert record.history_user == user and record.plan == "طرح تازه"


def test_version_history_is_listed_on_the_program(cat, client_for, directorate):
    scope, user = directorate
    v2 = services.version_new(scope=scope, actor=user, program=cat.prog_health, notes="تازه")
    services.version_publish(scope=scope, actor=user, version=v2)
    html = client_for("trainer").get(cat.prog_health.get_absolute_url()).content.decode()
    assert reverse("catalogue:version_detail", args=[cat.prog_health.pk, 1]) in html
    assert reverse("catalogue:version_detail", args=[cat.prog_health.pk, 2]) in html
    # the old version's page still shows its lessons
    old = client_for("trainer").get(
        reverse("catalogue:version_detail", args=[cat.prog_health.pk, 1])
    )
    assert old.status_code == 200
