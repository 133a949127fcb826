"""The question bank of a program: list, add and edit (those who manage the program), the
printable test sheet for trainers (never with the answers) and the answer key (managers only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hamafza.catalogue import forms, selectors, services
from hamafza.catalogue.permissions import can_manage_program, can_see_answers
from hamafza.catalogue.views import get_program, require_manage, require_view
from hamafza.core.concurrency import parse_version
from hamafza.core.forms import attach_errors


@login_required
@require_GET
def question_list(request, pk):
    program = get_program(request, pk)
    show_answers = can_see_answers(request.scope, program)
    questions = selectors.question_list(
        scope=request.scope, program=program, active_only=not show_answers
    )
    return render(
        request,
        "catalogue/question_list.html",
        {
            "program": program,
            # Those who may not see answers get the sheet's view of the questions.
            "questions": questions if show_answers else None,
            "sheet": None
            if show_answers
            else selectors.question_sheet(scope=request.scope, program=program),
            "can_manage": can_manage_program(request.scope, program),
            "show_answers": show_answers,
        },
    )


def _question_page(request, program, instance=None):
    require_manage(request, program)
    form = forms.QuestionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        expected = parse_version(form.cleaned_data.get("version")) if instance else None
        try:
            services.question_save(
                scope=request.scope,
                actor=request.user,
                program=program,
                data=form.service_data(),
                instance=instance,
                expected_updated_at=expected,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "choices" in error.error_dict:
                error.error_dict.setdefault("__all__", []).extend(error.error_dict.pop("choices"))
            attach_errors(form, error)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("catalogue:question_list", pk=program.pk)
    return render(
        request,
        "catalogue/question_form.html",
        {"program": program, "form": form, "object": instance},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def question_create(request, pk):
    return _question_page(request, get_program(request, pk))


@login_required
def question_edit(request, pk):
    require_view(request)
    question = selectors.question_get(scope=request.scope, pk=pk)
    if question is None:
        raise Http404
    return _question_page(request, question.program, instance=question)


@login_required
@require_GET
def question_sheet(request, pk):
    """The printable test for participants. Built from ``question_sheet``, which carries no
    answers, so no role and no template can print them."""
    program = get_program(request, pk)
    return render(
        request,
        "catalogue/question_sheet.html",
        {
            "program": program,
            "questions": selectors.question_sheet(scope=request.scope, program=program),
        },
    )


@login_required
@require_GET
def answer_key(request, pk):
    program = get_program(request, pk)
    if not can_see_answers(request.scope, program):
        raise PermissionDenied
    return render(
        request,
        "catalogue/answer_key.html",
        {"program": program, "rows": selectors.answer_key(scope=request.scope, program=program)},
    )
