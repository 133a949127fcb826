"""Asking, answering, voting and accepting, with what must be refused whole (an empty question
or answer, a program of another domain, a vote on one's own, a second vote) and whom each step
tells (the asker of an answer, the author of an accepted answer, a colleague named as @username
in this municipality and nobody elsewhere). A question is found through the one search with its
answers' text."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamafza.core.concurrency import StaleVersion
from hamafza.notifications.models import Notification
from hamafza.questions import selectors, services
from hamafza.questions.models import Answer, Question, Vote
from hamafza.questions.tests.conftest import answer, as_, ask
from hamafza.search.models import SearchDocument


def told(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_an_answer_tells_the_asker_and_makes_the_question_findable_by_it(qa, users, world):
    reply = answer(
        users, "trainer_d12", qa.health_q, body="از کارت‌های رنگی شمارش معکوس استفاده کنید."
    )
    [note] = told(users["trainer"], "question_answered")
    assert qa.health_q.title in note.title
    assert note.link.endswith(f"#answer-{reply.pk}")
    assert not told(users["trainer_d12"], "question_answered")  # not the one who answered
    doc = SearchDocument.objects.get(kind="question", object_id=qa.health_q.pk)
    assert "شمارش معکوس" in doc.body  # the answer is findable
    assert doc.district_id == world.d6.id  # the asker is a trainer homed in district 6
    assert doc.domain_id == qa.pool.health.pk and doc.program_id == qa.plan.program.pk
    assert doc.author_name == str(qa.pool.t6)
    # answering one's own question tells nobody
    answer(users, "trainer", qa.health_q, body="ممنون، امتحان می‌کنم.")
    assert len(told(users["trainer"], "question_answered")) == 1


def test_a_question_asked_by_a_non_trainer_has_no_district(qa, users):
    question = ask(users, "coordinator_d6", qa.pool.waste)
    doc = SearchDocument.objects.get(kind="question", object_id=question.pk)
    assert doc.district_id is None
    assert doc.author_name


@pytest.mark.parametrize("field, value", [("body", "   "), ("title", ""), ("body", "\n\n")])
def test_an_empty_question_is_refused_and_nothing_saved(qa, users, field, value):
    before = Question.objects.count()
    with pytest.raises(ValidationError) as error:
        ask(users, "trainer", qa.pool.health, **{field: value})
    assert field in error.value.message_dict
    assert Question.objects.count() == before


def test_an_empty_answer_is_refused(qa, users):
    with pytest.raises(ValidationError) as error:
        answer(users, "trainer_d12", qa.health_q, body=" \n ")
    assert "body" in error.value.message_dict
    assert not Answer.objects.exists()
    assert not Notification.objects.filter(kind="question_answered").exists()


def test_a_program_of_another_domain_is_refused(qa, users):
    before = Question.objects.count()
    with pytest.raises(ValidationError) as error:
        ask(users, "trainer", qa.pool.waste, program_id=qa.plan.program.pk)  # a health program
    assert "program" in error.value.message_dict
    assert Question.objects.count() == before
    assert SearchDocument.objects.filter(kind="question").count() == before


def test_a_lesson_brings_its_program_and_another_programs_lesson_is_refused(qa, users):
    question = ask(users, "trainer", qa.pool.health, lesson_id=qa.plan.lesson.pk)
    assert question.program_id == qa.plan.program.pk
    with pytest.raises(ValidationError):
        ask(users, "trainer", qa.pool.waste, lesson_id=qa.plan.lesson.pk)


def test_tags_are_stored_as_typed_and_matched_however_spelt(qa, users):
    question = ask(users, "trainer", qa.pool.health, tags="آتش‌نشانی، پایه ۳, CPR, آتش نشانی")
    assert question.tags == ["آتش‌نشانی", "پایه ۳", "CPR"]  # as typed, each once however spelt
    scope = as_(users, "coordinator_d6")
    for spelt in ("اتشنشانی", "پایه 3", "cpr"):
        assert list(selectors.question_list(scope=scope, tag=spelt)) == [question], spelt
    assert not selectors.question_list(scope=scope, tag="آتش").exists()  # a whole tag
    with pytest.raises(ValidationError) as error:
        ask(users, "trainer", qa.pool.health, tags=["الف", "ب", "پ", "ت", "ث", "ج"])
    assert "tags" in error.value.message_dict


def test_a_mention_tells_a_colleague_of_this_municipality_only(qa, users):
    d12, other, volunteer = users["trainer_d12"], users["bumehen_trainer"], users["volunteer"]
    body = f"@{d12.username} شما در منطقه ۱۲ چه کردید؟ @{other.username} @{volunteer.username}."
    question = ask(users, "trainer", qa.pool.health, body=body)
    [note] = told(d12, "question_mentioned")
    assert note.link == question.get_absolute_url()
    assert not told(other, "question_mentioned")  # another municipality's user: nothing
    assert not told(volunteer, "question_mentioned")  # not a reader of the community
    assert not Notification.objects.filter(recipient=other).exists()
    # an edit tells only who is newly named
    fresh = Question.objects.get(pk=question.pk)
    services.question_update(
        scope=as_(users, "trainer"), actor=users["trainer"], question=fresh,
        data={"body": body + f" @{users['coordinator_d6'].username}"},
        expected_updated_at=fresh.updated_at,
    )  # fmt: skip
    assert len(told(d12, "question_mentioned")) == 1
    assert len(told(users["coordinator_d6"], "question_mentioned")) == 1


def test_a_mention_in_an_answer_tells_the_colleague(qa, users):
    answer(
        users, "trainer_d12", qa.health_q, body=f"به نظرم @{users['directorate'].username} بداند."
    )
    assert len(told(users["directorate"], "question_mentioned")) == 1
    answer(users, "trainer_d12", qa.health_q, body=f"@{users['trainer_d12'].username} خودم")
    assert not told(users["trainer_d12"], "question_mentioned")  # naming oneself tells nobody
    answer(users, "trainer_d12", qa.health_q, body=f"@{users['trainer'].username} ببینید")
    assert not told(users["trainer"], "question_mentioned")  # the asker: told of the answer once
    assert len(told(users["trainer"], "question_answered")) == 3


def test_no_vote_on_ones_own_and_one_vote_per_person(qa, users):
    with pytest.raises(PermissionDenied):
        services.question_vote(
            scope=as_(users, "trainer"), actor=users["trainer"], question=qa.health_q
        )
    assert not Vote.objects.exists()
    scope, actor = as_(users, "coordinator_d6"), users["coordinator_d6"]
    assert services.question_vote(scope=scope, actor=actor, question=qa.health_q) is True
    assert services.question_vote(scope=scope, actor=actor, question=qa.health_q) is False
    assert not Vote.objects.exists()  # voting again takes it back: never two
    services.question_vote(scope=scope, actor=actor, question=qa.health_q)
    services.question_vote(
        scope=as_(users, "trainer_d12"), actor=users["trainer_d12"], question=qa.health_q
    )
    assert Vote.objects.filter(question=qa.health_q).count() == 2
    assert SearchDocument.objects.get(kind="question", object_id=qa.health_q.pk).used == 2
    reply = answer(users, "trainer_d12", qa.health_q)
    with pytest.raises(PermissionDenied):
        services.answer_vote(
            scope=as_(users, "trainer_d12"), actor=users["trainer_d12"], answer=reply
        )


def test_the_asker_accepts_one_answer_and_its_author_is_told(qa, users):
    first = answer(users, "trainer_d12", qa.health_q, body="پاسخ اول")
    second = answer(users, "coordinator_d6", qa.health_q, body="پاسخ دوم")
    services.answer_vote(scope=as_(users, "directorate"), actor=users["directorate"], answer=second)
    shown = selectors.answers_of(scope=as_(users, "trainer"), question=qa.health_q)
    assert [a.pk for a in shown] == [second.pk, first.pk]  # by votes
    services.answer_accept(scope=as_(users, "trainer"), actor=users["trainer"], answer=first)
    assert len(told(users["trainer_d12"], "answer_accepted")) == 1
    shown = selectors.answers_of(scope=as_(users, "trainer"), question=qa.health_q)
    assert [a.pk for a in shown] == [first.pk, second.pk]  # the accepted first
    services.answer_accept(scope=as_(users, "trainer"), actor=users["trainer"], answer=second)
    assert list(Answer.objects.filter(is_accepted=True)) == [second]  # one accepted answer
    assert len(told(users["coordinator_d6"], "answer_accepted")) == 1


def test_only_the_asker_or_a_curator_accepts(qa, users):
    reply = answer(users, "trainer", qa.waste_q)
    for key in ("coordinator_d6", "liaison_health", "school_contact_s6"):
        with pytest.raises(PermissionDenied):
            services.answer_accept(scope=as_(users, key), actor=users[key], answer=reply)
    assert not Answer.objects.filter(is_accepted=True).exists()
    assert not Notification.objects.filter(kind="answer_accepted").exists()
    services.answer_accept(
        scope=as_(users, "directorate"), actor=users["directorate"], answer=reply
    )
    assert Answer.objects.get(pk=reply.pk).is_accepted


def test_an_edit_names_its_version(qa, users):
    question = Question.objects.get(pk=qa.health_q.pk)
    stale = question.updated_at
    scope, actor = as_(users, "trainer"), users["trainer"]
    services.question_update(
        scope=scope, actor=actor, question=question, data={"title": "عنوان تازه"},
        expected_updated_at=stale,
    )  # fmt: skip
    with pytest.raises(StaleVersion):
        services.question_update(
            scope=scope, actor=actor, question=question, data={"title": "دیگر"},
            expected_updated_at=stale,
        )  # fmt: skip
    assert Question.objects.get(pk=question.pk).title == "عنوان تازه"
    assert SearchDocument.objects.get(kind="question", object_id=question.pk).title == "عنوان تازه"
    with pytest.raises(PermissionDenied):  # only its author
        fresh = Question.objects.get(pk=question.pk)
        services.question_update(
            scope=as_(users, "directorate"), actor=users["directorate"], question=fresh,
            data={"title": "x"}, expected_updated_at=fresh.updated_at,
        )  # fmt: skip


def test_a_hidden_question_edited_by_its_author_tells_nobody_it_names(qa, users):
    """The people named could not open it; a notification would carry its text to them."""
    question = ask(users, "trainer", qa.pool.health, body="پرسش نخست")
    services.question_hide(
        scope=as_(users, "directorate"), actor=users["directorate"], question=question,
        reason="نام کودک در متن",
    )  # fmt: skip
    fresh = Question.objects.get(pk=question.pk)
    services.question_update(
        scope=as_(users, "trainer"), actor=users["trainer"], question=fresh,
        data={"body": f"متن پنهان @{users['trainer_d12'].username}"},
        expected_updated_at=fresh.updated_at,
    )  # fmt: skip
    assert not told(users["trainer_d12"], "question_mentioned")
