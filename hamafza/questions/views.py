"""Pages of questions and answers: the list with filters (htmx partial), a question's page with
its answers (votes by htmx), the ask, answer and edit forms, the accept, report, hide and unhide
actions, and the curators' unanswered questions and reports.

Every page first checks that the role may read (403), then finds the question or answer through
the gate and the visibility rule of ``selectors`` (404), then checks the verb for writes (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hamafza.core.concurrency import parse_version, version_of
from hamafza.core.forms import attach_errors, small_int
from hamafza.questions import forms, permissions, selectors, services
from hamafza.questions.models import Answer, Question

PAGE_SIZE = 20


def require_view(request) -> None:
    if not permissions.can_view(request.scope):
        raise PermissionDenied


def get_question(request, pk: int) -> Question:
    require_view(request)
    question = selectors.question_get(scope=request.scope, pk=pk)
    if question is None:
        raise Http404
    return question


def get_answer(request, pk: int) -> Answer:
    require_view(request)
    answer = selectors.answer_get(scope=request.scope, pk=pk)
    if answer is None:
        raise Http404
    return answer


def _crumbs(question=None) -> list:
    crumbs = [(_("Questions and answers"), reverse("questions:list"))]
    if question is not None:
        crumbs.append((question.title, question.get_absolute_url()))
    return crumbs


def _form_page(request, form, *, title, cancel_url, question=None, intro=""):
    return render(
        request,
        "questions/form.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "crumbs": _crumbs(question),
            "cancel_url": cancel_url,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def question_list(request):
    require_view(request)
    scope, get = request.scope, request.GET
    query, tag = get.get("q", ""), get.get("tag", "")
    sort = "votes" if get.get("sort") == "votes" else "recent"
    rows = selectors.question_list(
        scope=scope,
        query=query,
        domain_id=small_int(get.get("domain")),
        program_id=small_int(get.get("program")),
        tag=tag,
        unanswered=get.get("unanswered") == "1",
        mine=get.get("mine") == "1",
        sort=sort,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(get.get("page"))
    context = {
        "page": page,
        "query": query,
        "tag": tag,
        "sort": sort,
        "domains": selectors.domains(scope=scope),
        "can_ask": permissions.can_ask(scope),
        "is_curator": permissions.is_curator(scope),
    }
    template = "questions/partials/results.html" if request.htmx else "questions/list.html"
    return render(request, template, context)


@login_required
@require_GET
def unanswered(request):
    require_view(request)
    if not permissions.is_curator(request.scope):
        raise PermissionDenied
    return render(
        request,
        "questions/unanswered.html",
        {"questions": selectors.unanswered(scope=request.scope)[:200]},
    )


@login_required
@require_GET
def reports(request):
    require_view(request)
    if not permissions.is_curator(request.scope):
        raise PermissionDenied
    return render(
        request,
        "questions/reports.html",
        {"reports": selectors.open_reports(scope=request.scope)[:200]},
    )


@login_required
def question_create(request):
    require_view(request)
    if not permissions.can_ask(request.scope):
        raise PermissionDenied
    initial = {}
    domain_id = small_int(request.GET.get("domain"))
    if domain_id:
        initial["domain"] = domain_id
    form = forms.QuestionForm(request.POST or None, scope=request.scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_create(
                scope=request.scope, actor=request.user, data=form.service_data()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your question was posted. You will be told of answers."))
            return redirect(question.get_absolute_url())
    return _form_page(
        request, form, title=_("Ask a question"), cancel_url=reverse("questions:list")
    )


@login_required
def question_edit(request, pk):
    question = get_question(request, pk)
    if not permissions.can_edit(request.scope, question):
        raise PermissionDenied
    form = forms.QuestionForm(request.POST or None, instance=question, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_update(
                scope=request.scope,
                actor=request.user,
                question=question,
                data=form.service_data(),
                expected_updated_at=parse_version(form.cleaned_data.get("version")),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(question.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Edit: %(title)s") % {"title": question.title},
        cancel_url=question.get_absolute_url(),
        question=question,
    )


@login_required
@require_GET
def question_detail(request, pk):
    question = get_question(request, pk)
    scope = request.scope
    answers = selectors.answers_of(scope=scope, question=question)
    can_accept = permissions.can_accept(scope, question) and not question.is_hidden
    for answer in answers:
        answer.can_edit = permissions.can_edit(scope, answer)
        answer.can_vote = permissions.can_vote(scope, answer) and not answer.is_hidden
        answer.vote_url = reverse("questions:answer_vote", kwargs={"pk": answer.pk})
        answer.voted = getattr(answer, "my_vote", False)
        answer.vid = f"a{answer.pk}"
    return render(
        request,
        "questions/detail.html",
        {
            "question": question,
            "answers": answers,
            "voted": selectors.has_voted(scope=scope, question=question),
            "vote_url": reverse("questions:vote", kwargs={"pk": question.pk}),
            "qvid": f"q{question.pk}",
            "can_vote": permissions.can_vote(scope, question) and not question.is_hidden,
            "can_edit": permissions.can_edit(scope, question),
            "can_curate": permissions.can_curate(scope, question),
            "can_accept": can_accept,
            "answer_form": forms.AnswerForm(),
        },
    )


def _act(request, url, action, done: str):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(url)


@login_required
@require_POST
def answer_create(request, pk):
    question = get_question(request, pk)
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your answer."))
        return redirect(question.get_absolute_url() + "#answer-form")
    return _act(
        request,
        question.get_absolute_url() + "#answers",
        lambda: services.answer_create(
            scope=request.scope,
            actor=request.user,
            question=question,
            body=form.cleaned_data["body"],
        ),
        _("Your answer was posted."),
    )


@login_required
def answer_edit(request, pk):
    answer = get_answer(request, pk)
    if not permissions.can_edit(request.scope, answer):
        raise PermissionDenied
    initial = {"body": answer.body, "version": version_of(answer)}
    form = forms.AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_update(
                scope=request.scope,
                actor=request.user,
                answer=answer,
                body=form.cleaned_data["body"],
                expected_updated_at=parse_version(form.cleaned_data.get("version")),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(answer.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Edit your answer"),
        cancel_url=answer.get_absolute_url(),
        question=answer.question,
    )


def _vote_response(request, *, url, voted: bool, count: int, item_id: str, fallback: str):
    if request.htmx:
        return render(
            request,
            "questions/partials/vote.html",
            {"vote_url": url, "voted": voted, "count": count, "can_vote": True, "vid": item_id},
        )
    return redirect(fallback)


@login_required
@require_POST
def vote(request, pk):
    question = get_question(request, pk)
    if not permissions.can_vote(request.scope, question):
        raise PermissionDenied
    try:
        voted = services.question_vote(scope=request.scope, actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(question.get_absolute_url())
    return _vote_response(
        request,
        url=reverse("questions:vote", kwargs={"pk": question.pk}),
        voted=voted,
        count=selectors.vote_count(scope=request.scope, question=question),
        item_id=f"q{question.pk}",
        fallback=question.get_absolute_url(),
    )


@login_required
@require_POST
def answer_vote(request, pk):
    answer = get_answer(request, pk)
    if not permissions.can_vote(request.scope, answer):
        raise PermissionDenied
    try:
        voted = services.answer_vote(scope=request.scope, actor=request.user, answer=answer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(answer.get_absolute_url())
    return _vote_response(
        request,
        url=reverse("questions:answer_vote", kwargs={"pk": answer.pk}),
        voted=voted,
        count=selectors.vote_count(scope=request.scope, answer=answer),
        item_id=f"a{answer.pk}",
        fallback=answer.get_absolute_url(),
    )


@login_required
@require_POST
def accept(request, pk):
    answer = get_answer(request, pk)
    if not permissions.can_accept(request.scope, answer.question):
        raise PermissionDenied
    return _act(
        request,
        answer.get_absolute_url(),
        lambda: services.answer_accept(scope=request.scope, actor=request.user, answer=answer),
        _("Accepted: it is shown first, and its author was told."),
    )


def _reason_page(request, *, item, question, action, title, intro, done):
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data["reason"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(item.get_absolute_url())
    return _form_page(
        request,
        form,
        title=title,
        intro=intro,
        cancel_url=item.get_absolute_url(),
        question=question,
    )


@login_required
def report(request, pk):
    question = get_question(request, pk)
    return _reason_page(
        request,
        item=question,
        question=question,
        action=lambda reason: services.question_report(
            scope=request.scope, actor=request.user, question=question, reason=reason
        ),
        title=_("Report this question"),
        intro=_("Tell the curators what is wrong with it (wrong, hurtful, personal data…)."),
        done=_("Thank you: a curator will look at it."),
    )


@login_required
def answer_report(request, pk):
    answer = get_answer(request, pk)
    return _reason_page(
        request,
        item=answer,
        question=answer.question,
        action=lambda reason: services.answer_report(
            scope=request.scope, actor=request.user, answer=answer, reason=reason
        ),
        title=_("Report this answer"),
        intro=_("Tell the curators what is wrong with it (wrong, hurtful, personal data…)."),
        done=_("Thank you: a curator will look at it."),
    )


@login_required
def hide(request, pk):
    question = get_question(request, pk)
    if not permissions.can_curate(request.scope, question):
        raise PermissionDenied
    return _reason_page(
        request,
        item=question,
        question=question,
        action=lambda reason: services.question_hide(
            scope=request.scope, actor=request.user, question=question, reason=reason
        ),
        title=_("Hide this question"),
        intro=_("Only the curators and its author will see it; the author sees your reason."),
        done=_("Hidden. Its open reports are closed."),
    )


@login_required
def answer_hide(request, pk):
    answer = get_answer(request, pk)
    if not permissions.can_curate(request.scope, answer.question):
        raise PermissionDenied
    return _reason_page(
        request,
        item=answer,
        question=answer.question,
        action=lambda reason: services.answer_hide(
            scope=request.scope, actor=request.user, answer=answer, reason=reason
        ),
        title=_("Hide this answer"),
        intro=_("Only the curators and its author will see it; the author sees your reason."),
        done=_("Hidden. Its open reports are closed."),
    )


@login_required
@require_POST
def unhide(request, pk):
    question = get_question(request, pk)
    if not permissions.can_curate(request.scope, question):
        raise PermissionDenied
    return _act(
        request,
        question.get_absolute_url(),
        lambda: services.question_unhide(
            scope=request.scope, actor=request.user, question=question
        ),
        _("Shown again to everyone."),
    )


@login_required
@require_POST
def answer_unhide(request, pk):
    answer = get_answer(request, pk)
    if not permissions.can_curate(request.scope, answer.question):
        raise PermissionDenied
    return _act(
        request,
        answer.get_absolute_url(),
        lambda: services.answer_unhide(scope=request.scope, actor=request.user, answer=answer),
        _("Shown again to everyone."),
    )


@login_required
@require_POST
def report_dismiss(request, pk):
    require_view(request)
    found = selectors.report_get(scope=request.scope, pk=pk)
    if found is None:
        raise Http404
    if not permissions.can_curate(request.scope, found.thread):
        raise PermissionDenied
    return _act(
        request,
        reverse("questions:reports"),
        lambda: services.report_dismiss(scope=request.scope, actor=request.user, report=found),
        _("Dismissed: the item stays as it is."),
    )
