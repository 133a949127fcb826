"""Moderation: any reader reports; a curator of the question's domain (the directorate, or a
liaison of the agency that owns it) hides with a reason and can show it again; a hidden item is
seen by the curators and its author only (who sees why), leaves the search, and a hidden
question cannot be answered. A curator of another domain can do none of it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamafza.questions import selectors, services
from hamafza.questions.models import Answer, Question, Report
from hamafza.questions.tests.conftest import answer, as_
from hamafza.search.models import SearchDocument


def hide(users, key, question, reason="اطلاعات شخصی دانش‌آموز در متن آمده است."):
    return services.question_hide(
        scope=as_(users, key), actor=users[key], question=question, reason=reason
    )


def sees(users, key, question) -> bool:
    return selectors.question_get(scope=as_(users, key), pk=question.pk) is not None


def indexed(question) -> bool:
    return SearchDocument.objects.filter(kind="question", object_id=question.pk).exists()


def test_a_hidden_question_is_seen_by_its_curators_and_author_only(qa, users):
    hidden = hide(users, "liaison_health", qa.health_q)  # health is the health agency's
    assert hidden.hidden_by == users["liaison_health"] and hidden.hidden_at
    for key in ("trainer", "liaison_health", "directorate", "platform_admin"):
        assert sees(users, key, qa.health_q), key
    for key in ("trainer_d12", "coordinator_d6", "school_contact_s6", "volunteer", "citizen",
                "bumehen_directorate"):  # fmt: skip
        assert not sees(users, key, qa.health_q), key
        assert qa.health_q.pk not in [
            q.pk for q in selectors.question_list(scope=as_(users, key))
        ], key
    mine = selectors.question_get(scope=as_(users, "trainer"), pk=qa.health_q.pk)
    assert mine.is_hidden and "اطلاعات شخصی" in mine.hidden_reason  # the author sees why
    assert not indexed(qa.health_q)
    # who, when and why are in the history
    last = Question.history.filter(id=qa.health_q.pk).first()
    assert last.is_hidden and last.history_user == users["liaison_health"]


def test_a_hidden_question_cannot_be_answered(qa, users):
    hide(users, "directorate", qa.health_q)
    with pytest.raises(ValidationError) as error:
        answer(users, "trainer", qa.health_q)  # not even by its author
    assert "اطلاعات شخصی" in " ".join(error.value.messages)  # says why
    assert not Answer.objects.exists()


def test_unhiding_puts_it_back_in_the_search_with_its_answers(qa, users):
    answer(users, "trainer_d12", qa.health_q, body="کارت‌های رنگی")
    hide(users, "directorate", qa.health_q)
    services.question_unhide(
        scope=as_(users, "liaison_health"), actor=users["liaison_health"], question=qa.health_q
    )
    assert sees(users, "trainer_d12", qa.health_q)
    doc = SearchDocument.objects.get(kind="question", object_id=qa.health_q.pk)
    assert "کارت‌های رنگی" in doc.body
    assert not Question.objects.get(pk=qa.health_q.pk).hidden_reason


def test_a_curator_outside_the_domain_cannot_hide_or_accept(qa, users):
    # waste is owned by no agency: the health liaison does not curate it
    reply = answer(users, "trainer", qa.waste_q)
    with pytest.raises(PermissionDenied):
        hide(users, "liaison_health", qa.waste_q)
    with pytest.raises(PermissionDenied):
        services.answer_hide(
            scope=as_(users, "liaison_health"), actor=users["liaison_health"], answer=reply,
            reason="نادرست",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.answer_accept(
            scope=as_(users, "liaison_health"), actor=users["liaison_health"], answer=reply
        )
    for key in ("coordinator_d6", "trainer"):
        with pytest.raises(PermissionDenied):
            hide(users, key, qa.waste_q)
    assert not Question.objects.filter(is_hidden=True).exists()
    assert not Answer.objects.filter(is_hidden=True).exists()
    assert not Answer.objects.filter(is_accepted=True).exists()
    assert indexed(qa.waste_q)


def test_a_hiding_needs_a_reason(qa, users):
    with pytest.raises(ValidationError) as error:
        hide(users, "directorate", qa.health_q, reason="  ")
    assert "reason" in error.value.message_dict
    assert not Question.objects.get(pk=qa.health_q.pk).is_hidden


def test_a_hidden_answer_is_seen_by_curators_and_its_author_and_leaves_the_search(qa, users):
    reply = answer(users, "trainer_d12", qa.health_q, body="شماره تلفن خانم فلانی را بگیرید")
    services.answer_accept(scope=as_(users, "trainer"), actor=users["trainer"], answer=reply)
    services.answer_hide(
        scope=as_(users, "liaison_health"), actor=users["liaison_health"], answer=reply,
        reason="شماره تلفن شخصی",
    )  # fmt: skip
    for key, seen in [("trainer_d12", True), ("liaison_health", True), ("trainer", False),
                      ("coordinator_d6", False)]:  # fmt: skip
        shown = selectors.answers_of(scope=as_(users, key), question=qa.health_q)
        assert (reply.pk in [a.pk for a in shown]) is seen, key
    row = Answer.objects.get(pk=reply.pk)
    assert row.is_hidden and not row.is_accepted  # a hidden answer is no longer accepted
    doc = SearchDocument.objects.get(kind="question", object_id=qa.health_q.pk)
    assert "تلفن" not in doc.body
    with pytest.raises(ValidationError):  # nor voted for
        services.answer_vote(
            scope=as_(users, "directorate"), actor=users["directorate"], answer=row
        )


def test_reports_queue_for_curators_of_the_domain(qa, users):
    services.question_report(
        scope=as_(users, "coordinator_d6"), actor=users["coordinator_d6"], question=qa.health_q,
        reason="تبلیغ یک آموزشگاه خصوصی",
    )  # fmt: skip
    with pytest.raises(ValidationError):  # once while open
        services.question_report(
            scope=as_(users, "coordinator_d6"), actor=users["coordinator_d6"],
            question=qa.health_q, reason="دوباره",
        )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.question_report(
            scope=as_(users, "trainer_d12"), actor=users["trainer_d12"], question=qa.waste_q,
            reason=" ",
        )  # fmt: skip
    assert "reason" in error.value.message_dict
    for key, expected in [("directorate", 1), ("liaison_health", 1), ("trainer", 0),
                          ("coordinator_d6", 0)]:  # fmt: skip
        assert selectors.open_reports(scope=as_(users, key)).count() == expected, key
    reply = answer(users, "trainer", qa.waste_q)
    services.answer_report(
        scope=as_(users, "trainer_d12"), actor=users["trainer_d12"], answer=reply, reason="نادرست"
    )
    # the waste answer's report is the directorate's, not the health liaison's
    assert selectors.open_reports(scope=as_(users, "liaison_health")).count() == 1
    assert selectors.open_reports(scope=as_(users, "directorate")).count() == 2
    hide(users, "liaison_health", qa.health_q)  # hiding closes its reports
    report = Report.objects.get(answer=reply)
    with pytest.raises(PermissionDenied):
        services.report_dismiss(
            scope=as_(users, "liaison_health"), actor=users["liaison_health"], report=report
        )
    services.report_dismiss(
        scope=as_(users, "directorate"), actor=users["directorate"], report=report
    )
    assert not Report.objects.filter(is_open=True).exists()
    assert not Answer.objects.filter(is_hidden=True).exists()  # dismissed: it stays


def test_unanswered_questions_of_the_curators_domains(qa, users):
    def listed(key):
        return [q.pk for q in selectors.unanswered(scope=as_(users, key))]

    assert listed("directorate") == [qa.health_q.pk, qa.waste_q.pk]  # oldest first
    assert listed("liaison_health") == [qa.health_q.pk]
    assert listed("trainer") == [] and listed("coordinator_d6") == []
    answer(users, "trainer_d12", qa.health_q)
    assert listed("directorate") == [qa.waste_q.pk]
