"""The question bank: trainers print the test without the answers; the answer key is only for
those who manage the program."""

import re

import pytest
from django.urls import reverse

from hamafza.catalogue.models import Question
from hamafza.catalogue.tests.factories import QuestionFactory
from hamafza.core.templatetags.hamafza import num


def main_of(response) -> str:
    """The page's <main>, without the per-request CSRF token of the layout."""
    html = response.content.decode()
    return re.search(r"<main.*?</main>", html, re.S).group(0)


def test_trainer_printout_shows_questions_but_never_the_answers(cat, client_for):
    response = client_for("trainer").get(
        reverse("catalogue:question_sheet", args=[cat.prog_health.pk])
    )
    assert response.status_code == 200
    html = main_of(response)
    assert cat.q1.text in html and cat.q2.text in html
    for number, choice in enumerate(cat.q1.choices, start=1):  # every choice printed alike
        assert f"</span> {num(number)}) {num(choice)}</li>" in html
    assert "EXPLAIN" not in html  # explanations give the answer away
    assert "✓" not in html and "correct" not in html.lower()


def test_printout_does_not_depend_on_the_correct_answer(cat, client_for):
    url = reverse("catalogue:question_sheet", args=[cat.prog_health.pk])
    client = client_for("directorate")  # even for those who may see the answers
    before = main_of(client.get(url))
    Question.objects.filter(pk=cat.q1.pk).update(correct_index=3)
    Question.objects.filter(pk=cat.q2.pk).update(correct_index=0)
    assert main_of(client.get(url)) == before


def test_answer_key_for_the_directorate(cat, client_for):
    response = client_for("directorate").get(
        reverse("catalogue:answer_key", args=[cat.prog_health.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(r'<tr id="answer-1">.*?</tr>', html, re.S).group(0)
    assert cat.q1.correct_choice in row and "EXPLAIN-دو بار در روز" in row
    assert "یک بار" not in row  # a wrong choice is not in the key
    assert cat.q2.correct_choice in re.search(r'<tr id="answer-2">.*?</tr>', html, re.S).group(0)


@pytest.mark.parametrize(
    ("role", "program", "expected"),
    [
        ("platform_admin", "prog_health", 200),
        ("liaison_health", "prog_health", 200),
        ("liaison_health", "prog_traffic", 403),
        ("trainer", "prog_health", 403),
        ("coordinator_d6", "prog_health", 403),
        ("school_contact_s6", "prog_health", 403),
        ("citizen", "prog_health", 403),
        ("bumehen_directorate", "prog_health", 404),
    ],
)
def test_answer_key_access(cat, client_for, role, program, expected):
    url = reverse("catalogue:answer_key", args=[getattr(cat, program).pk])
    response = client_for(role).get(url)
    assert response.status_code == expected
    if expected != 200:
        assert cat.q1.correct_choice not in response.content.decode()


def test_question_bank_page_marks_answers_only_for_managers(cat, client_for):
    url = reverse("catalogue:question_list", args=[cat.prog_health.pk])
    manager = client_for("directorate").get(url).content.decode()
    assert "✓" in manager and "EXPLAIN" in manager
    trainer = client_for("trainer").get(url)
    assert trainer.status_code == 200
    html = main_of(trainer)
    assert cat.q1.text in html
    assert "✓" not in html and "EXPLAIN" not in html and "text-success" not in html
    assert reverse("catalogue:answer_key", args=[cat.prog_health.pk]) not in html


def test_inactive_questions_are_not_printed(cat, client_for):
    QuestionFactory(program=cat.prog_health, text="پرسش کنارگذاشته", is_active=False)
    html = (
        client_for("trainer")
        .get(reverse("catalogue:question_sheet", args=[cat.prog_health.pk]))
        .content.decode()
    )
    assert "پرسش کنارگذاشته" not in html


def question_form(**overrides):
    data = {
        "text": "كدام گزينه درست است؟",
        "choice_1": "الف",
        "choice_2": "ب",
        "choice_3": "ج",
        "correct": 2,
        "explanation": "چون ب",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_directorate_adds_a_question(cat, client_for):
    url = reverse("catalogue:question_create", args=[cat.prog_traffic.pk])
    response = client_for("directorate").post(url, question_form())
    assert response.status_code == 302
    question = Question.objects.get(program=cat.prog_traffic)
    assert question.text == "کدام گزینه درست است؟"
    assert question.choices == ["الف", "ب", "ج"] and question.correct_index == 1


def test_empty_choices_in_between_are_dropped(cat, client_for):
    url = reverse("catalogue:question_create", args=[cat.prog_traffic.pk])
    data = question_form(choice_3="", choice_4="د", correct=4)
    assert client_for("directorate").post(url, data).status_code == 302
    question = Question.objects.get(program=cat.prog_traffic)
    assert question.choices == ["الف", "ب", "د"] and question.correct_choice == "د"


@pytest.mark.parametrize(
    "overrides",
    [
        {"correct": 5},  # points at an empty choice
        {"choice_2": ""},  # fewer than two choices
        {"choice_3": "الف"},  # two choices the same
        {"choice_3": "الــف"},  # the same after normalisation (tatweel)
        {"text": ""},
        {"correct": 9},
    ],
)
def test_bad_questions_are_refused_and_nothing_saved(cat, client_for, overrides):
    url = reverse("catalogue:question_create", args=[cat.prog_traffic.pk])
    response = client_for("directorate").post(url, question_form(**overrides))
    assert response.status_code == 400
    assert not Question.objects.filter(program=cat.prog_traffic).exists()
    assert "invalid-feedback" in response.content.decode() or "alert-danger" in (
        response.content.decode()
    )


def test_liaison_edits_a_question_of_its_domain(cat, client_for):
    url = reverse("catalogue:question_edit", args=[cat.q1.pk])
    client = client_for("liaison_health")
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["choice_2"] == "دست‌کم دو بار"
    response = client.post(
        url,
        question_form(
            text="پرسش بازنویسی‌شده", is_active=None, version=page.context["form"].initial["version"]
        ),
    )
    assert response.status_code == 302
    cat.q1.refresh_from_db()
    assert cat.q1.text == "پرسش بازنویسی‌شده" and not cat.q1.is_active
