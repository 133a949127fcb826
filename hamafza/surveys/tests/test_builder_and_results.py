"""Building surveys, who sees what, results, the Excel export and the API."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hamafza.surveys import services
from hamafza.surveys.models import Question, Response, Survey
from hamafza.surveys.tests.conftest import good_answers, scope_of

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


def answer(sw, session, **overrides):
    data = {int(k[1:]): v for k, v in good_answers(sw).items()}
    data.update({getattr(sw.q, k).pk: v for k, v in overrides.items()})
    occasion = services.read_answer_link(
        services.answer_token(sw.survey, session), services.occasion_key(session)
    )
    return services.response_submit(occasion=occasion, answers=data)


@pytest.fixture
def answered(survey_world):
    """Three answers at the district-6 session (Likert 5, 4, 4), one at district 12's (Likert 1)."""
    sw = survey_world
    for value in ("5", "4", "4"):
        answer(sw, sw.s6, likert=value)
    answer(sw, sw.s12, likert="1")
    return sw


def listed(client) -> set[int]:
    page = client.get(reverse("surveys:list"))
    assert page.status_code == 200
    return {s.pk for s in page.context["surveys"]}


def test_figures_are_counted_and_averaged_within_the_scope(answered, client_for):
    sw = answered
    page = client_for("directorate").get(reverse("surveys:results", args=[sw.survey.pk]))
    assert page.context["total"] == 4
    likert = page.context["rows"][0]
    # (5 + 4 + 4 + 1) / 4 = 3.5; distribution over 1..5: one 1, two 4s, one 5
    assert likert.mean == pytest.approx(3.5)
    assert [n for _label, n, _p in likert.distribution] == [1, 0, 0, 2, 1]
    assert [p for _label, _n, p in likert.distribution] == [25.0, 0.0, 0.0, 50.0, 25.0]
    multiple = page.context["rows"][2]  # chose 0 and 2, four times
    assert [n for _l, n, _p in multiple.distribution] == [4, 0, 4]
    html = page.content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in html and "<table" in html
    # the coordinator of district 6 sees only their district's three answers: (5+4+4)/3
    page = client_for("coordinator_d6").get(reverse("surveys:results", args=[sw.survey.pk]))
    assert page.context["total"] == 3
    assert page.context["rows"][0].mean == pytest.approx(13 / 3)
    # the trainer of the district-6 session sees their session's answers only
    page = client_for("trainer").get(reverse("surveys:results", args=[sw.survey.pk]))
    assert page.context["total"] == 3


@pytest.mark.parametrize("role", ["citizen", "liaison_health", "school_contact_s6", "volunteer"])
def test_those_who_only_answer_see_no_surveys(answered, client_for, role):
    client = client_for(role)
    assert client.get(reverse("surveys:list")).status_code == 403
    assert client.get(reverse("surveys:results", args=[answered.survey.pk])).status_code == 403
    assert client.get(reverse("surveys:export", args=[answered.survey.pk])).status_code == 403


def test_another_municipality_gets_404(answered, client_for):
    client = client_for("bumehen_directorate")
    assert client.get(reverse("surveys:results", args=[answered.survey.pk])).status_code == 404
    assert listed(client) == set()


def test_a_coordinator_lists_their_district_and_the_directorate_surveys(
    survey_world, world, client_for
):
    sw = survey_world
    d12 = Survey.objects.create(
        municipality=world.tehran, title="منطقه ۱۲", session=sw.s12, district=world.d12
    )
    assert listed(client_for("coordinator_d6")) == {sw.survey.pk}
    assert listed(client_for("directorate")) == {sw.survey.pk, d12.pk}
    client = client_for("coordinator_d6")
    assert client.get(reverse("surveys:detail", args=[d12.pk])).status_code == 404


def test_a_coordinator_builds_a_survey_for_a_session_of_their_district(
    survey_world, client_for, world
):
    sw = survey_world
    client = client_for("coordinator_d6")
    created = client.post(
        reverse("surveys:create"),
        {"title": "نظر شما", "session": sw.s6.pk, "status": "draft", "is_anonymous": "on"},
    )
    assert created.status_code == 302
    survey = Survey.objects.get(title="نظر شما")
    assert survey.district == world.d6
    page = client.post(
        reverse("surveys:question_add", args=[survey.pk]),
        {
            "kind": "single",
            "text": "خوب بود؟",
            "required": "on",
            "scale": "1-5",
            "choices_text": "بله\nخیر",
        },
    )
    assert page.status_code == 302
    assert survey.questions.get().choices == ["بله", "خیر"]
    # a session of district 12 is not theirs: refused, nothing created
    refused = client.post(
        reverse("surveys:create"), {"title": "دیگری", "session": sw.s12.pk, "status": "draft"}
    )
    assert refused.status_code == 400 and not Survey.objects.filter(title="دیگری").exists()


def test_a_coordinator_cannot_change_the_directorate_survey(survey_world, client_for):
    sw = survey_world
    client = client_for("coordinator_d6")
    assert (
        client.post(
            reverse("surveys:edit", args=[sw.survey.pk]), {"title": "x", "status": "closed"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("surveys:question_delete", args=[sw.survey.pk, sw.q.likert.pk])
        ).status_code
        == 403
    )
    sw.survey.refresh_from_db()
    assert sw.survey.title == "رضایت از کارگاه" and sw.survey.questions.count() == 6


def test_bad_questions_are_refused(survey_world, client_for):
    sw = survey_world
    client = client_for("directorate")
    url = reverse("surveys:question_add", args=[sw.survey.pk])
    one_choice = client.post(
        url, {"kind": "single", "text": "؟", "scale": "1-5", "choices_text": "تنها"}
    )
    assert one_choice.status_code == 400
    same = client.post(
        url, {"kind": "multiple", "text": "؟", "scale": "1-5", "choices_text": "الف\nالف"}
    )
    assert same.status_code == 400
    assert sw.survey.questions.count() == 6


def test_questions_are_ordered_and_locked_once_answered(survey_world, client_for):
    sw = survey_world
    client = client_for("directorate")
    client.post(reverse("surveys:question_move", args=[sw.survey.pk, sw.q.single.pk]), {"up": "1"})
    assert [q.kind for q in sw.survey.questions.order_by("order")][:2] == ["single", "likert"]
    answer(sw, sw.s6)
    page = client.post(reverse("surveys:question_delete", args=[sw.survey.pk, sw.q.likert.pk]))
    assert page.status_code == 302
    assert Question.objects.filter(pk=sw.q.likert.pk).exists()
    assert (
        client.post(
            reverse("surveys:question_add", args=[sw.survey.pk]),
            {"kind": "likert", "text": "تازه", "scale": "1-5"},
        ).status_code
        == 400
    )


def test_the_excel_export_is_right_to_left_with_jalali_dates_and_scoped(answered, client_for):
    sw = answered
    response = client_for("coordinator_d6").get(reverse("surveys:export", args=[sw.survey.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    summary, raw = book.worksheets
    assert summary.sheet_view.rightToLeft and raw.sheet_view.rightToLeft
    rows = list(raw.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3  # district 6 only
    assert rows[0][0].startswith("14")  # a Jalali year (14xx), not 2026
    assert sorted(r[3] for r in rows) == [4, 4, 5]


def test_links_and_the_qr_code_for_a_trainer_own_sessions(survey_world, client_for):
    sw = survey_world
    client = client_for("trainer")
    page = client.get(reverse("surveys:links", args=[sw.survey.pk]))
    keys = [key for _o, key in page.context["occasions"]]
    assert keys == [f"s{sw.s6.pk}"]
    qr = client.get(reverse("surveys:qr", args=[sw.survey.pk, f"s{sw.s6.pk}"]))
    assert qr.status_code == 200 and "<svg" in qr.content.decode()
    assert (
        client.get(reverse("surveys:qr", args=[sw.survey.pk, f"s{sw.s12.pk}"])).status_code == 404
    )


def test_results_through_the_api_are_scoped(answered, api_for):
    sw = answered
    url = f"/api/surveys/surveys/{sw.survey.pk}/results"
    body = api_for("directorate").get(url).json()
    assert body["responses"] == 4
    assert body["questions"][0]["mean"] == pytest.approx(3.5)
    assert api_for("coordinator_d6").get(url).json()["responses"] == 3
    assert api_for("citizen").get(url).status_code == 403
    assert api_for("bumehen_directorate").get(url).status_code == 404
    listed = api_for("directorate").get("/api/surveys/surveys").json()
    assert [s["id"] for s in listed] == [sw.survey.pk]


def test_services_refuse_a_builder_outside_the_scope(survey_world, users):
    with pytest.raises(PermissionDenied):
        services.survey_save(
            scope=scope_of(users["trainer"]), actor=users["trainer"], data={"title": "x"}
        )
    assert Survey.objects.count() == 1
    assert Response.objects.count() == 0


def test_the_demo_seeds_surveys_with_answers_and_a_paired_test(survey_world, world):
    import random

    from hamafza.assessment import demo as assessment_demo
    from hamafza.assessment.models import Sheet
    from hamafza.surveys import demo

    Survey.objects.all().delete()
    sw = survey_world
    sw.s6.status = "delivered"
    sw.s6.save()
    demo.seed_surveys(world.tehran, random.Random(1))
    assert Survey.objects.filter(status="open").count() == 2
    assert Response.objects.filter(session=sw.s6).count() >= 9
    demo.seed_surveys(world.tehran, random.Random(1))  # a second run adds nothing
    assert Survey.objects.count() == 2
    assessment_demo.seed_tests(world.tehran, random.Random(1))
    assert Sheet.objects.filter(phase="pre").count() == 20
    assert Sheet.objects.filter(phase="post").count() == 17
