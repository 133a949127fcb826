"""The pages and the API: the list with its filters, a question's page with its answers (votes
by htmx), a hidden question's page (404 to others, the reason to its author), and the API's
ask, answer, vote and accept with the same refusals as the pages."""

from django.urls import reverse

from hamafza.notifications.models import Notification
from hamafza.questions import services
from hamafza.questions.models import Answer, Question, Vote
from hamafza.questions.tests.conftest import answer, api, as_, ask


def test_asking_through_the_page(qa, client_for):
    client = client_for("trainer")
    data = {
        "domain": qa.pool.health.pk, "title": "بازی برای پایه اول", "tags": "بازی، پایه اول",
        "body": "چه بازی کوتاهی برای شروع جلسه پیشنهاد می‌کنید؟", "program": "", "lesson": "",
    }  # fmt: skip
    response = client.post(reverse("questions:create"), data)
    question = Question.objects.get(title="بازی برای پایه اول")
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert question.tags == ["بازی", "پایه اول"]
    bad = client.post(reverse("questions:create"), {**data, "program": qa.plan.program.pk,
                                                    "domain": qa.pool.waste.pk})  # fmt: skip
    assert bad.status_code == 400
    assert "program" in bad.context["form"].errors
    assert Question.objects.filter(title="بازی برای پایه اول").count() == 1


def test_the_list_filters(qa, users, client_for):
    answer(users, "trainer", qa.waste_q)
    client = client_for("coordinator_d6")
    url = reverse("questions:list")

    def listed(**params):
        return [q.pk for q in client.get(url, params).context["page"].object_list]

    assert set(listed()) == {qa.health_q.pk, qa.waste_q.pk}
    assert listed(domain=qa.pool.waste.pk) == [qa.waste_q.pk]
    assert listed(tag="بهداشت") == [qa.health_q.pk]
    assert listed(unanswered=1) == [qa.health_q.pk]
    assert listed(mine=1) == []
    assert client_for("trainer").get(url, {"mine": 1}).context["page"].object_list[0] == qa.health_q
    partial = client.get(url, {"q": "سطل"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and "سطل" in partial.content.decode()
    assert client_for("volunteer").get(url).status_code == 403


def test_the_detail_page_and_a_vote_by_htmx(qa, users, client_for):
    reply = answer(users, "trainer_d12", qa.health_q, body="از آواز شمارش استفاده کنید")
    client = client_for("coordinator_d6")
    page = client.get(qa.health_q.get_absolute_url())
    assert page.status_code == 200 and "آواز شمارش" in page.content.decode()
    voted = client.post(reverse("questions:answer_vote", args=[reply.pk]), HTTP_HX_REQUEST="true")
    assert voted.status_code == 200 and b"<html" not in voted.content
    assert Vote.objects.filter(answer=reply, user=users["coordinator_d6"]).count() == 1
    own = client_for("trainer").post(reverse("questions:vote", args=[qa.health_q.pk]))
    assert own.status_code == 403
    assert not Vote.objects.filter(question=qa.health_q).exists()


def test_a_hidden_question_page(qa, users, client_for):
    services.question_hide(
        scope=as_(users, "directorate"), actor=users["directorate"], question=qa.health_q,
        reason="نام کامل یک دانش‌آموز آمده است",
    )  # fmt: skip
    url = qa.health_q.get_absolute_url()
    assert client_for("coordinator_d6").get(url).status_code == 404
    assert client_for("trainer_d12").get(url).status_code == 404
    own = client_for("trainer").get(url)
    assert own.status_code == 200 and "نام کامل یک دانش‌آموز" in own.content.decode()
    refused = client_for("trainer").post(
        reverse("questions:answer", args=[qa.health_q.pk]), {"body": "پاسخ"}, follow=True
    )
    text = " ".join(m.message for m in refused.context["messages"])
    assert "نام کامل" in text
    assert not Answer.objects.exists()
    other = client_for("trainer_d12").post(
        reverse("questions:answer", args=[qa.health_q.pk]), {"body": "پاسخ"}
    )
    assert other.status_code == 404


def test_a_curator_page_is_refused_to_a_curator_of_another_domain(qa, users, client_for):
    liaison = client_for("liaison_health")
    assert liaison.get(reverse("questions:hide", args=[qa.waste_q.pk])).status_code == 403
    reply = answer(users, "trainer", qa.waste_q)
    assert liaison.post(reverse("questions:accept", args=[reply.pk])).status_code == 403
    assert client_for("trainer").get(reverse("questions:reports")).status_code == 403
    assert liaison.get(reverse("questions:unanswered")).status_code == 200


def test_the_api_asks_answers_votes_and_accepts(qa, users):
    asker, other, boss = api(users["trainer"]), api(users["trainer_d12"]), api(users["directorate"])
    body = {"domain_id": qa.pool.health.pk, "title": "ماسک در روزهای آلوده",
            "body": "برای کلاس‌های روز آلوده چه بگوییم؟", "tags": ["هوا", "هوا"]}  # fmt: skip
    created = asker("post", "/api/questions/questions", body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["tags"] == ["هوا"]
    bad = asker("post", "/api/questions/questions", {**body, "domain_id": qa.pool.waste.pk,
                                                      "program_id": qa.plan.program.pk})  # fmt: skip
    assert bad.status_code == 422
    assert asker("post", f"/api/questions/questions/{pk}/vote").status_code == 403  # own
    reply = other(
        "post", f"/api/questions/questions/{pk}/answers", {"body": "ماسک N95 نه؛ ماندن در خانه"}
    )
    assert reply.status_code == 201, reply.content
    answer_pk = reply.json()["id"]
    assert other("post", f"/api/questions/answers/{answer_pk}/accept").status_code == 403
    assert other("post", f"/api/questions/questions/{pk}/vote").json() == {
        "voted": True,
        "votes": 1,
    }
    accepted = asker("post", f"/api/questions/answers/{answer_pk}/accept")
    assert accepted.status_code == 200 and accepted.json()["accepted"] is True
    assert Notification.objects.filter(
        recipient=users["trainer_d12"], kind="answer_accepted"
    ).exists()
    detail = boss("get", f"/api/questions/questions/{pk}").json()
    assert detail["votes"] == 1 and detail["has_accepted_answer"] is True
    assert [a["id"] for a in detail["answers"]] == [answer_pk]
    listed = boss("get", "/api/questions/questions?tag=هوا").json()
    assert [q["id"] for q in listed["items"]] == [pk]
    services.question_hide(
        scope=as_(users, "directorate"), actor=users["directorate"],
        question=Question.objects.get(pk=pk), reason="تکراری",
    )  # fmt: skip
    assert other("get", f"/api/questions/questions/{pk}").status_code == 404
    again = asker("post", f"/api/questions/questions/{pk}/answers", {"body": "باز هم"})
    assert again.status_code == 422
    assert api(users["volunteer"])("get", "/api/questions/questions").status_code == 403


def test_the_program_page_shows_the_questions_about_it(qa, users, client_for):
    services.question_hide(
        scope=as_(users, "directorate"), actor=users["directorate"],
        question=ask(users, "trainer_d12", qa.pool.health, program_id=qa.plan.program.pk,
                     title="پرسش پنهان‌شده"),
        reason="تکراری",
    )  # fmt: skip
    page = client_for("coordinator_d6").get(qa.plan.program.get_absolute_url())
    text = page.content.decode()
    assert qa.health_q.title in text  # asked about the program
    assert qa.waste_q.title not in text  # another domain's
    assert "پرسش پنهان‌شده" not in text  # hidden: not on the program's page
