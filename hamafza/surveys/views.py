"""Pages of surveys: the builder, the links and QR codes, the results, and the public answer form
(no account: a signed link). Thin: each view checks the verb, then calls a selector or service."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.core import ratelimit
from hamafza.core.forms import attach_errors, small_int
from hamafza.core.qr import qr_svg
from hamafza.surveys import forms, selectors, services
from hamafza.surveys import results as figures
from hamafza.surveys.models import Question, Survey
from hamafza.surveys.permissions import can_build_surveys, can_change_survey, can_read_surveys

DONE_COOKIE = "hz-survey-{survey}-{key}"


def _survey(request, pk: int, *, change: bool = False) -> Survey:
    if not can_read_surveys(request.scope):
        raise PermissionDenied
    survey = selectors.survey_get(scope=request.scope, pk=pk)
    if survey is None:
        raise Http404
    if change and not can_change_survey(request.scope, survey):
        raise PermissionDenied
    return survey


@login_required
def survey_list(request):
    if not can_read_surveys(request.scope):
        raise PermissionDenied
    return render(
        request,
        "surveys/list.html",
        {
            "surveys": selectors.survey_list(scope=request.scope)[:200],
            "can_build": can_build_surveys(request.scope),
        },
    )


@login_required
def survey_edit(request, pk=None):
    if pk is None:
        if not can_build_surveys(request.scope):
            raise PermissionDenied
        instance = None
    else:
        instance = _survey(request, pk, change=True)
    form = forms.SurveyForm(request.POST or None, instance=instance, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_save(
                scope=request.scope,
                actor=request.user,
                data=form.service_data(),
                instance=instance,
                expected_updated_at=form.expected_version() if instance else None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(survey.get_absolute_url())
    return render(
        request,
        "surveys/form.html",
        {"form": form, "survey": instance},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def survey_detail(request, pk):
    survey = _survey(request, pk)
    can_change = can_change_survey(request.scope, survey)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": selectors.questions(survey),
            "sections": survey.sections.all(),
            "can_change": can_change,
            "locked": survey.responses.exists(),
            "section_form": forms.SectionForm(),
            "response_count": selectors.responses(scope=request.scope, survey=survey).count(),
        },
    )


@login_required
@require_POST
def section_add(request, pk):
    survey = _survey(request, pk, change=True)
    try:
        services.section_add(
            scope=request.scope, actor=request.user, survey=survey, title=request.POST.get("title")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(survey.get_absolute_url())


@login_required
def question_edit(request, pk, question_pk=None):
    survey = _survey(request, pk, change=True)
    instance = None
    if question_pk is not None:
        instance = survey.questions.filter(pk=question_pk).first()
        if instance is None:
            raise Http404
    form = forms.QuestionForm(request.POST or None, instance=instance, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                scope=request.scope,
                actor=request.user,
                survey=survey,
                data=form.service_data(),
                instance=instance,
                expected_updated_at=form.expected_version() if instance else None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            if "another" in request.POST:
                return redirect("surveys:question_add", pk=survey.pk)
            return redirect(survey.get_absolute_url())
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "question": instance},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def question_move(request, pk, question_pk):
    survey = _survey(request, pk, change=True)
    question = survey.questions.filter(pk=question_pk).first()
    if question is None:
        raise Http404
    services.question_move(
        scope=request.scope, actor=request.user, question=question, up=request.POST.get("up") == "1"
    )
    return redirect(survey.get_absolute_url() + "#questions")


@login_required
@require_POST
def question_delete(request, pk, question_pk):
    survey = _survey(request, pk, change=True)
    question = survey.questions.filter(pk=question_pk).first()
    if question is None:
        raise Http404
    try:
        services.question_delete(scope=request.scope, actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question was removed."))
    return redirect(survey.get_absolute_url() + "#questions")


def _short_link(request, survey, occasion) -> str:
    return request.build_absolute_uri(
        reverse("survey_short", args=[services.door_token(survey, occasion)])
    )


@login_required
def links(request, pk):
    survey = _survey(request, pk)
    return render(
        request,
        "surveys/links.html",
        {
            "survey": survey,
            "occasions": [
                (o, services.occasion_key(o))
                for o in selectors.occasions(scope=request.scope, survey=survey)
            ],
        },
    )


@login_required
def qr(request, pk, key):
    """The code shown on the screen at the end of a session (or printed for a camp)."""
    survey = _survey(request, pk)
    found = [
        o
        for o in selectors.occasions(scope=request.scope, survey=survey, limit=500)
        if services.occasion_key(o) == key
    ]
    if not found:
        raise Http404
    url = _short_link(request, survey, found[0])
    return render(
        request,
        "surveys/qr.html",
        {"survey": survey, "occasion": found[0], "url": url, "qr": qr_svg(url)},
    )


@login_required
def results(request, pk):
    survey = _survey(request, pk)
    session_id = small_int(request.GET.get("session"))
    responses = selectors.responses(scope=request.scope, survey=survey, session_id=session_id)
    total, rows = figures.summarise(selectors.questions(survey), responses)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "total": total,
            "rows": rows,
            "charts": json.dumps([r.chart for r in rows if r.distribution]),
            "session_id": session_id,
        },
    )


@login_required
def results_export(request, pk):
    survey = _survey(request, pk)
    responses = selectors.responses(
        scope=request.scope, survey=survey, session_id=small_int(request.GET.get("session"))
    )
    data = figures.workbook(survey, selectors.questions(survey), responses)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.xlsx"'
    return response


# --- public: no account ---------------------------------------------------------------------------


def door(request, token):
    """The shared link (QR) of a session: hands this phone a personal link that answers once."""
    try:
        occasion, personal = services.open_door(token)
    except ValidationError as error:
        return render(request, "surveys/answer.html", {"error": error.messages[0]}, status=400)
    if not ratelimit.anonymous_allowed(request, "survey", f"{occasion.survey.pk}:{occasion.key}"):
        return render(
            request,
            "surveys/answer.html",
            {"error": _("Too many answers from here in a short time. Try again later.")},
            status=429,
        )
    cookie = DONE_COOKIE.format(survey=occasion.survey.pk, key=occasion.key)
    if request.get_signed_cookie(cookie, default=None, salt=cookie):
        return render(
            request,
            "surveys/answer.html",
            {"error": _("You have already answered this survey. Thank you!")},
            status=409,
        )
    return redirect("surveys:answer", key=occasion.key, token=personal)


def _given(request, questions) -> dict:
    raw = {}
    for q in questions:
        name = f"q{q.pk}"
        raw[q.pk] = (
            request.POST.getlist(name)
            if q.kind == Question.Kind.MULTIPLE
            else (request.POST.get(name, ""))
        )
    return raw


def answer(request, key, token):
    try:
        occasion = services.read_answer_link(token, key)
    except ValidationError as error:
        status = 409 if request.method == "POST" else 400
        return render(request, "surveys/answer.html", {"error": error.messages[0]}, status=status)
    questions = selectors.questions(occasion.survey)
    errors, given = {}, {}
    if request.method == "POST":
        given = _given(request, questions)
        try:
            services.response_submit(occasion=occasion, answers=given)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {int(k): v[0].messages[0] for k, v in error.error_dict.items()}
            else:
                return render(
                    request, "surveys/answer.html", {"error": error.messages[0]}, status=409
                )
        else:
            response = render(request, "surveys/answer.html", {"done": True, "occasion": occasion})
            cookie = DONE_COOKIE.format(survey=occasion.survey.pk, key=occasion.key)
            response.set_signed_cookie(
                cookie, "1", salt=cookie, max_age=services.DOOR_MAX_AGE, httponly=True
            )
            return response
    for q in questions:
        q.error = errors.get(q.pk)
        q.given = given.get(q.pk) if not isinstance(given.get(q.pk), list) else ""
        picked = given.get(q.pk)
        picked = picked if isinstance(picked, list) else [picked]
        q.checked = {services._as_int(v) for v in picked if v not in (None, "")}
    return render(
        request,
        "surveys/answer.html",
        {"occasion": occasion, "questions": questions, "errors": errors},
        status=400 if errors else 200,
    )
