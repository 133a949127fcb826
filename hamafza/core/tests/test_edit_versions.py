"""Every edit page carries the version of the record it edits in a hidden field, and a POST
without it or with a stale one is refused with a message in the user's language and writes
nothing (core.concurrency); the version the page served saves the change.

Each case opens the page as a person who may edit, reads the form as the browser would send it,
changes one field and posts it three times. A new edit page belongs in EDIT_PAGES."""

import datetime as dt
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hamafza.agreements.tests.conftest import deal  # noqa: F401 - reused fixture
from hamafza.camps.tests.conftest import camps  # noqa: F401 - reused fixture
from hamafza.catalogue.models import Lesson, ProgramVersion
from hamafza.catalogue.models import Question as BankQuestion
from hamafza.core.concurrency import MissingVersion, StaleVersion
from hamafza.meetings.models import ActionItem
from hamafza.meetings.services import action_token
from hamafza.meetings.tests.conftest import committee  # noqa: F401 - reused fixture
from hamafza.org.middleware import scope_for_user
from hamafza.plans import services as plan_services
from hamafza.sessions.models import Session
from hamafza.sessions.tests.conftest import at, plan  # noqa: F401 - reused fixture
from hamafza.surveys.tests.conftest import survey_world  # noqa: F401 - reused fixture
from hamafza.trainers.models import TrainingCourse
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

STALE = "2001-01-01T00:00:00+00:00"


class _Forms(HTMLParser):
    """The forms of a page as a browser would submit them (no files, no submit buttons)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None or "name" not in a and tag != "option":
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append(
                (a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else ""))
            )
        elif tag == "select":
            self._select = {"name": a["name"], "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            if self._select["first"] is None:
                self._select["first"] = a.get("value", "")
            if "selected" in a:
                self._select["chosen"].append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            s, self._select = self._select, None
            for value in s["chosen"] or ([] if s["first"] is None else [s["first"]]):
                self._form["fields"].append((s["name"], value))
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None


def _edit_form(html: str) -> tuple[str, dict]:
    parser = _Forms()
    parser.feed(html)
    found = [f for f in parser.forms if any(name == "version" for name, _ in f["fields"])]
    assert len(found) == 1, "the edit form carries its version in a hidden field"
    data: dict = {}
    for name, value in found[0]["fields"]:
        data.setdefault(name, []).append(value)
    return found[0]["action"], data


# ---- the records --------------------------------------------------------------------------------


def _draft(o):
    draft = ProgramVersion.objects.create(
        municipality=o.world.tehran, program=o.plan.program, number=2, status="draft"
    )
    Lesson.objects.create(
        municipality=o.world.tehran, version=draft, order=1, title="شستن دست‌ها", plan="طرح",
        minutes=45,
    )  # fmt: skip
    return draft


def _bank_question(o):
    return BankQuestion.objects.create(
        municipality=o.world.tehran, program=o.plan.program, text="کدام درست است؟",
        choices=["الف", "ب"], correct_index=0,
    )  # fmt: skip


def _course(o):
    return TrainingCourse.objects.create(
        municipality=o.world.tehran, domain=o.pool.health, title="دوره تربیت مربی",
        starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 1, 2),
    )  # fmt: skip


def _line(o):
    coordinator = o.users["coordinator_d6"]
    joint = plan_services.plan_create(
        scope=scope_for_user(o.users["directorate"]), actor=o.users["directorate"], year=1405
    )
    part = joint.district_plans.get(district=o.world.d6)
    return plan_services.line_save(
        scope=scope_for_user(coordinator), actor=coordinator, district_plan=part,
        domain_id=o.pool.health.pk, agency_id=o.world.health.pk, quarter=1,
        targets={"sessions": 4},
    )  # fmt: skip


def _session(o):
    start = at(o.plan.day, 10)
    session = Session.objects.create(
        municipality=o.world.tehran, version=o.plan.version, lesson=o.plan.lesson,
        domain=o.plan.program.domain, district=o.world.d6, venue=o.world.v6, starts_at=start,
        ends_at=start + dt.timedelta(minutes=45), capacity=20, is_public=True,
    )  # fmt: skip
    session.trainers.add(o.pool.t6)
    return session


def _action(o):
    return ActionItem.objects.create(
        municipality=o.world.tehran, meeting=o.committee.d6_past, title="گزارش",
        owner=o.users["coordinator_d6"], due_on=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip


def _asked(o):
    from hamafza.questions import services as questions  # only these two rows need it

    trainer = o.users["trainer"]
    return questions.question_create(
        scope=scope_for_user(trainer), actor=trainer,
        data={"domain_id": o.pool.health.pk, "title": "تمرکز بچه‌ها", "body": "چه کنیم؟"},
    )  # fmt: skip


def _answered(o):
    from hamafza.questions import services as questions  # only these two rows need it

    who = o.users["coordinator_d6"]
    return questions.answer_create(
        scope=scope_for_user(who), actor=who, question=_asked(o), body="بازی کوتاه"
    )


def _reported(o):
    from hamafza.library import services as library  # only this row needs it

    start = timezone.now() - dt.timedelta(days=2)
    session = Session.objects.create(
        municipality=o.world.tehran, version=o.plan.version, lesson=o.plan.lesson,
        domain=o.pool.health, district=o.world.d6, venue=o.world.v6, starts_at=start,
        ends_at=start + dt.timedelta(hours=1), status=Session.Status.DELIVERED,
    )  # fmt: skip
    session.trainers.set([o.pool.t6])
    trainer = o.users["trainer"]
    return library.report_create(
        scope=scope_for_user(trainer), actor=trainer, session=session,
        data={"worked": "بازی نقش"},
    )  # fmt: skip


def _url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


# page -> (who opens it (None: nobody signed in), the record, the page's URL, the field to change,
# the value typed, the attribute that shows it and the value it then has)
EDIT_PAGES = {
    "org:district_edit": lambda o: (
        "directorate", o.world.d6, _url("org:district_edit", pk=o.world.d6.pk),
        "name", "منطقه شش", "name", "منطقه شش",
    ),
    "org:neighbourhood_edit": lambda o: (
        "directorate", o.world.hood6, _url("org:neighbourhood_edit", pk=o.world.hood6.pk),
        "name", "یوسف‌آباد نو", "name", "یوسف‌آباد نو",
    ),
    "org:agency_edit": lambda o: (
        "directorate", o.world.health, _url("org:agency_edit", pk=o.world.health.pk),
        "name", "اداره‌کل سلامت شهر", "name", "اداره‌کل سلامت شهر",
    ),
    "org:school_edit": lambda o: (
        "directorate", o.world.s6, _url("org:school_edit", pk=o.world.s6.pk),
        "name", "دبستان فردوسی نو", "name", "دبستان فردوسی نو",
    ),
    "org:venue_edit": lambda o: (
        "directorate", o.world.v6, _url("org:venue_edit", pk=o.world.v6.pk),
        "name", "فرهنگسرای نو", "name", "فرهنگسرای نو",
    ),
    "catalogue:domain_edit": lambda o: (
        "directorate", o.pool.health, _url("catalogue:domain_edit", pk=o.pool.health.pk),
        "name", "سلامت و بهداشت", "name", "سلامت و بهداشت",
    ),
    "catalogue:program_edit": lambda o: (
        "directorate", o.plan.program, _url("catalogue:program_edit", pk=o.plan.program.pk),
        "title", "بهداشت فردی نو", "title", "بهداشت فردی نو",
    ),
    "catalogue:version_notes": lambda o: (
        "directorate", (draft := _draft(o)),
        _url("catalogue:version_detail", pk=o.plan.program.pk, number=draft.number),
        "notes", "درس‌ها کوتاه‌تر شد", "notes", "درس‌ها کوتاه‌تر شد",
    ),
    "catalogue:lesson_edit": lambda o: (
        "directorate", (lesson := _draft(o).lessons.get()),
        _url("catalogue:lesson_edit", pk=lesson.pk), "title", "شستن درست دست‌ها",
        "title", "شستن درست دست‌ها",
    ),
    "catalogue:question_edit": lambda o: (
        "directorate", (q := _bank_question(o)), _url("catalogue:question_edit", pk=q.pk),
        "text", "کدام گزینه درست است؟", "text", "کدام گزینه درست است؟",
    ),
    "trainers:edit": lambda o: (
        "directorate", o.pool.t6, _url("trainers:edit", pk=o.pool.t6.pk),
        "languages", "فارسی، ترکی", "languages", "فارسی، ترکی",
    ),
    "trainers:self_edit": lambda o: (
        "trainer", o.pool.t6, reverse("trainers:self_edit"),
        "languages", "فارسی، کردی", "languages", "فارسی، کردی",
    ),
    "trainers:course_edit": lambda o: (
        "directorate", (course := _course(o)), _url("trainers:course_edit", pk=course.pk),
        "title", "دوره تربیت مربی سلامت", "title", "دوره تربیت مربی سلامت",
    ),
    "plans:line_edit": lambda o: (
        "coordinator_d6", (line := _line(o)),
        _url("plans:line_edit", pk=line.district_plan_id, line_pk=line.pk),
        "sessions", "9", "sessions", 9,
    ),
    "sessions:edit": lambda o: (
        "coordinator_d6", (session := _session(o)), _url("sessions:edit", pk=session.pk),
        "capacity", "30", "capacity", 30,
    ),
    "camps:edit": lambda o: (
        "directorate", o.camps.d6, _url("camps:edit", pk=o.camps.d6.pk),
        "title", "اردوی جهادی تابستان", "title", "اردوی جهادی تابستان",
    ),
    "agreements:edit": lambda o: (
        "directorate", o.deal.agreement, _url("agreements:edit", pk=o.deal.agreement.pk),
        "title", "تفاهم‌نامه نو", "title", "تفاهم‌نامه نو",
    ),
    "agreements:clause_edit": lambda o: (
        "directorate", o.deal.c1,
        _url("agreements:clause_edit", pk=o.deal.agreement.pk, clause_pk=o.deal.c1.pk),
        "text", "آموزش شهروندی", "text", "آموزش شهروندی",
    ),
    "agreements:commitment_edit": lambda o: (
        "directorate", o.deal.report,
        _url("agreements:commitment_edit", pk=o.deal.agreement.pk, commitment_pk=o.deal.report.pk),
        "description", "پنج گزارش", "description", "پنج گزارش",
    ),
    "meetings:series_edit": lambda o: (
        "directorate", o.committee.council, _url("meetings:series_edit", pk=o.committee.council.pk),
        "title", "شورای آموزش منطقه ۶", "title", "شورای آموزش منطقه ۶",
    ),
    "meetings:edit": lambda o: (
        "directorate", o.committee.upcoming, _url("meetings:edit", pk=o.committee.upcoming.pk),
        "title", "کمیته مشترک — آذر", "title", "کمیته مشترک — آذر",
    ),
    "meetings:hold": lambda o: (
        "directorate", o.committee.past, _url("meetings:hold", pk=o.committee.past.pk),
        "present", str(o.committee.liaison.pk), "status", "held",
    ),
    "meetings:action_edit": lambda o: (
        "coordinator_d6", (item := _action(o)), _url("meetings:action_edit", pk=item.pk),
        "note", "نیمه‌کاره", "note", "نیمه‌کاره",
    ),
    "meetings:action_link": lambda o: (
        None, (item := _action(o)), _url("meetings:action_link", token=action_token(item)),
        "note", "در جریان", "note", "در جریان",
    ),
    "surveys:edit": lambda o: (
        "directorate", o.survey_world.survey, _url("surveys:edit", pk=o.survey_world.survey.pk),
        "title", "نظرسنجی رضایت", "title", "نظرسنجی رضایت",
    ),
    "surveys:question_edit": lambda o: (
        "directorate", (q := o.survey_world.q.likert),
        _url("surveys:question_edit", pk=o.survey_world.survey.pk, question_pk=q.pk),
        "text", "از این جلسه راضی بودید؟", "text", "از این جلسه راضی بودید؟",
    ),
    "questions:edit": lambda o: (
        "trainer", (q := _asked(o)), _url("questions:edit", pk=q.pk),
        "title", "تمرکز بچه‌های پایهٔ اول", "title", "تمرکز بچه‌های پایهٔ اول",
    ),
    "library:report_edit": lambda o: (
        "trainer", (r := _reported(o)), _url("library:report_edit", pk=r.pk),
        "tips", "چراغ‌قوه ببرید", "tips", "چراغ‌قوه ببرید",
    ),
    "questions:answer_edit": lambda o: (
        "coordinator_d6", (a := _answered(o)), _url("questions:answer_edit", pk=a.pk),
        "body", "بازی کوتاه دودقیقه‌ای", "body", "بازی کوتاه دودقیقه‌ای",
    ),
}  # fmt: skip


@pytest.fixture
def edit_world(world, users, pool, plan, deal, committee, camps, survey_world):  # noqa: F811
    return SimpleNamespace(
        world=world, users=users, pool=pool, plan=plan, deal=deal, committee=committee,
        camps=camps, survey_world=survey_world,
    )  # fmt: skip


def _state(row, attribute):
    row.refresh_from_db()
    return getattr(row, attribute), row.updated_at


@pytest.mark.parametrize("page", sorted(EDIT_PAGES))
def test_an_edit_without_its_version_or_with_a_stale_one_is_refused(edit_world, page):
    # given the page as the browser has it
    who, row, url, field, typed, attribute, expected = EDIT_PAGES[page](edit_world)
    client = Client()
    if who:
        client.force_login(edit_world.users[who])
    opened = client.get(url)
    assert opened.status_code == 200
    action, data = _edit_form(opened.content.decode())
    post_to = action or url
    served = data.pop("version")
    data[field] = [typed]
    before = _state(row, attribute)
    with translation.override("fa"):
        missing_text = str(MissingVersion().messages[0])
        stale_text = str(StaleVersion(row).messages[0])

    # when the version is dropped, then refused with a reason and nothing written
    dropped = client.post(post_to, data, follow=True)
    assert missing_text in dropped.content.decode()
    assert _state(row, attribute) == before

    # when it is stale, then refused with a reason and nothing written
    stale = client.post(post_to, {**data, "version": STALE}, follow=True)
    assert stale_text in stale.content.decode()
    assert _state(row, attribute) == before

    # when it is the version the page served, then saved
    saved = client.post(post_to, {**data, "version": served}, follow=True)
    assert saved.status_code == 200
    assert missing_text not in saved.content.decode()
    assert stale_text not in saved.content.decode()
    assert _state(row, attribute)[0] == expected


def test_writes_without_a_form_give_the_record_a_new_version(edit_world):
    """A form opened before a bulk write cannot undo it: cancelling a meeting drops its open
    actions, and the availability page sets a trainer's weekly hours, each with a new version."""
    from hamafza.meetings import services as meeting_services
    from hamafza.trainers import services as trainer_services

    o = edit_world
    directorate = o.users["directorate"]
    item = _action(o)
    item_read = item.updated_at
    meeting_services.meeting_cancel(
        scope=scope_for_user(directorate), actor=directorate, meeting=o.committee.d6_past
    )
    with pytest.raises(StaleVersion):
        meeting_services.action_update(
            item=item, scope=scope_for_user(directorate), actor=directorate, status="open",
            expected_updated_at=item_read,
        )  # fmt: skip
    item.refresh_from_db()
    assert item.status == "dropped"

    trainer = o.pool.t6
    trainer_read = trainer.updated_at
    trainer_services.availability_set(
        scope=scope_for_user(directorate), trainer=trainer, slots=[], max_hours=12
    )
    trainer.refresh_from_db()
    assert trainer.updated_at > trainer_read and trainer.max_hours_per_week == 12
