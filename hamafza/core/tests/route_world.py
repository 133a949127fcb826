"""The world the route × role matrix walks: one object of every kind a URL takes, in district 6 of
Tehran, and the arguments each route and API operation is called with.

Every route with a path parameter needs an entry in ``PAGE_ARGS`` (by route name) and every API
operation with one an entry in ``API_ARGS`` (by operation id); a new one without an entry fails
the matrix, so whoever adds it decides which object it is asked about."""

import datetime as dt
import io
import uuid
from types import SimpleNamespace

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from PIL import Image

from hamafza.accounts.models import ApiToken
from hamafza.agreements.models import Evidence
from hamafza.assessment import services as assessment_services
from hamafza.camps.models import CampSession, CampStaff
from hamafza.camps.tests.factories import ParticipantFactory
from hamafza.catalogue.models import Material
from hamafza.catalogue.models import Question as BankQuestion
from hamafza.catalogue.tests.factories import MaterialFactory
from hamafza.core.scoping import Role
from hamafza.exports.models import ExportJob
from hamafza.library import services as library_services
from hamafza.meetings.models import ActionItem, Decision, Invitee
from hamafza.meetings.services import action_token
from hamafza.mentoring.models import LogEntry, Pair
from hamafza.notifications.models import Delivery, Notification
from hamafza.org.middleware import scope_for_user
from hamafza.org.models import ImportBatch, Membership, Venue
from hamafza.org.tests.factories import MembershipFactory, UserFactory
from hamafza.plans import services as plan_services
from hamafza.questions import services as questions_services
from hamafza.sessions.checkin import current_code
from hamafza.sessions.delivery import verification_token
from hamafza.sessions.models import Session
from hamafza.sessions.registration import cancel_token, pending_token
from hamafza.surveys import services as survey_services
from hamafza.surveys.models import Section
from hamafza.trainers.models import Certificate, Leave, Trainer, TrainerDomain, TrainingCourse
from hamafza.volunteering.models import Opportunity, Shift, Signup, Volunteer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def build(world, users, pool, plan, survey_world, committee, deal, camps) -> SimpleNamespace:
    """Adds to the shared fixtures what they lack: a coordinator of district 12, a plan with a
    line, a course with a certificate, a test, a material, an import, an export, a notification
    with a failed delivery, tokens, and the children of a meeting, a camp and an agreement."""
    directorate = users["directorate"]
    users["coordinator_d12"] = UserFactory()
    MembershipFactory(
        user=users["coordinator_d12"],
        municipality=world.tehran,
        role=Role.DISTRICT_COORDINATOR,
        district=world.d12,
    )
    users["trainer_d12"] = pool.t12.user
    session = survey_world.s6  # public, at the venue of district 6, trainer t6
    joint = plan_services.plan_create(
        scope=scope_for_user(directorate), actor=directorate, year=1405
    )
    part = joint.district_plans.get(district=world.d6)
    line = plan_services.line_save(
        scope=scope_for_user(users["coordinator_d6"]),
        actor=users["coordinator_d6"],
        district_plan=part,
        domain_id=pool.health.pk,
        agency_id=world.health.pk,
        quarter=1,
        targets={"sessions": 4, "participants": 100, "budget": 1000},
    )
    course = TrainingCourse.objects.create(
        municipality=world.tehran, domain=pool.health, title="دوره تربیت مربی",
        starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 1, 2),
    )  # fmt: skip
    certificate = Certificate.objects.filter(trainer=pool.t6).first()
    certificate.file.save("scan.pdf", ContentFile(PDF), save=True)
    issued = Certificate.objects.create(
        municipality=world.tehran, trainer=pool.t6, domain=pool.health, course=course,
        issued_on=dt.date(2025, 1, 2), expires_on=dt.date(2030, 1, 2),
        status=Certificate.Status.VERIFIED,
    )  # fmt: skip
    pool.t6.photo.save("t6.png", ContentFile(PNG), save=True)
    deal.agreement.document.save("signed.pdf", ContentFile(PDF), save=True)
    upcoming = Session.objects.create(
        municipality=world.tehran, version=plan.version, lesson=plan.lesson, domain=pool.health,
        district=world.d6, venue=world.v6, is_public=True, capacity=20,
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=1),
    )  # fmt: skip
    upcoming.trainers.set([pool.t6])
    Leave.objects.create(
        municipality=world.tehran, trainer=pool.t6, starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 3, 2),
    )  # fmt: skip
    material = MaterialFactory(
        version=plan.version, lesson=plan.lesson, title="پوستر", kind=Material.Kind.FILE,
        url="", file=ContentFile(PDF, name="poster.pdf"),
    )  # fmt: skip
    for i in range(2):
        BankQuestion.objects.create(
            municipality=world.tehran, program=plan.program, text=f"پرسش {i}",
            choices=["الف", "ب"], correct_index=0,
        )  # fmt: skip
    test = assessment_services.test_create(
        scope=scope_for_user(directorate), actor=directorate, session=session,
        title="آزمون بهداشت", item_count=2,
    )  # fmt: skip
    section = Section.objects.create(
        municipality=world.tehran, survey=survey_world.survey, order=1, title="بخش"
    )
    meeting = committee.d6_past
    invitee = Invitee.objects.create(
        municipality=world.tehran, meeting=meeting, user=users["coordinator_d6"], name="هماهنگ‌کننده"
    )
    action = ActionItem.objects.create(
        municipality=world.tehran, meeting=meeting, title="گزارش", owner=users["coordinator_d6"],
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip
    Decision.objects.create(municipality=world.tehran, meeting=meeting, number=1, text="تصمیم")
    participant = ParticipantFactory(camp=camps.d6, school=world.s6)
    staff = CampStaff.objects.filter(camp=camps.d6).first()
    programme = CampSession.objects.create(
        municipality=world.tehran, camp=camps.d6, session=session
    )
    evidence = Evidence.objects.create(
        municipality=world.tehran, commitment=deal.report, description="گزارش",
        done_on=dt.date(2026, 5, 1), recorded_by=directorate,
    )  # fmt: skip
    evidence.file.save("evidence.pdf", ContentFile(PDF), save=True)
    batch = ImportBatch.objects.create(
        municipality=world.tehran, kind="school", created_by=users["coordinator_d6"],
        district=world.d6, file_name="schools.xlsx", status=ImportBatch.Status.READY,
    )  # fmt: skip
    export = ExportJob.objects.create(
        municipality=world.tehran, requested_by=users["coordinator_d6"], kind="sessions",
        fmt="csv", date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 2, 1),
        role=Role.DISTRICT_COORDINATOR, scope_district_id=world.d6.pk,
        status=ExportJob.Status.DONE,
    )  # fmt: skip
    export.file.save("sessions.csv", ContentFile(b"a,b\n"), save=True)
    notification = Notification.objects.create(
        recipient=users["coordinator_d6"], municipality=world.tehran, title="یادآوری"
    )
    delivery = Delivery.objects.create(
        notification=notification, channel="sms", status=Delivery.Status.FAILED
    )
    token, _key = ApiToken.issue(users["coordinator_d6"], "گزارش‌ها")
    library = _library(users, pool, plan)
    mentoring = _mentoring(world, users, pool)
    qa = _questions(users, pool)
    volunteering = _volunteering(world, users)
    membership = Membership.objects.get(user=users["volunteer"])
    citizen = users["citizen"]
    return SimpleNamespace(
        session=session, upcoming=upcoming, issued=issued, line=line, part=part, joint=joint, course=course,
        certificate=certificate, material=material, test=test, section=section,
        meeting=meeting, invitee=invitee, action=action, participant=participant, staff=staff,
        programme=programme, evidence=evidence, batch=batch, export=export,
        notification=notification, delivery=delivery, token=token, membership=membership,
        registration=survey_world.registration, survey=survey_world.survey,
        survey_question=survey_world.q.likert, camp=camps.d6, deal=deal, pool=pool, plan=plan,
        world=world, committee=committee, library=library, mentoring=mentoring, qa=qa,
        volunteering=volunteering,
        reset_uid=urlsafe_base64_encode(force_bytes(citizen.pk)),
        reset_token=default_token_generator.make_token(citizen),
        client_id=uuid.uuid4(),
    )  # fmt: skip


def _library(users, pool, plan) -> SimpleNamespace:
    """Trainer t6's resources of the health program: published, a draft and a submitted one."""
    author, scope = users["trainer"], scope_for_user(users["trainer"])

    def share(title, **extra):
        data = {
            "kind": "lesson_plan", "title": title, "summary": "گام‌ها", "domain_id": pool.health.pk,
            "program_id": plan.program.pk, "audience": "primary_lower", **extra,
        }  # fmt: skip
        upload = SimpleUploadedFile("plan.pdf", PDF)
        return library_services.resource_create(scope=scope, actor=author, data=data, upload=upload)

    published, draft, submitted = share("بازی دست‌ها"), share("کاربرگ"), share("آزمونک")
    offered = share("بازی باز", licence="cc_by")
    for row in (published, submitted, offered):
        library_services.resource_submit(scope=scope, actor=author, resource=row)
    for row in (published, offered):
        library_services.resource_publish(
            scope=scope_for_user(users["directorate"]), actor=users["directorate"], resource=row
        )
    library_services.resource_offer(scope=scope, actor=author, resource=offered, offered=True)
    start = timezone.now() - dt.timedelta(days=2)
    delivered = Session.objects.create(
        municipality=plan.program.municipality, version=plan.version, lesson=plan.lesson,
        domain=pool.health, district=pool.t6.home_district, starts_at=start,
        venue=Venue.objects.filter(district=pool.t6.home_district).first(),
        ends_at=start + dt.timedelta(hours=1), status=Session.Status.DELIVERED,
    )  # fmt: skip
    delivered.trainers.set([pool.t6])
    picture = io.BytesIO()
    Image.new("RGB", (4, 4)).save(picture, "PNG")
    report = library_services.report_create(
        scope=scope, actor=author, session=delivered, data={"worked": "بازی نقش"},
        photos=[SimpleUploadedFile("class.png", picture.getvalue())], no_minor_identifiable=True,
    )  # fmt: skip
    return SimpleNamespace(
        published=published, draft=draft, submitted=submitted, offered=offered,
        delivered=delivered, report=report, photo=report.photos.get(),
    )  # fmt: skip


def _questions(users, pool) -> SimpleNamespace:
    """Trainer t6's health question, answered by trainer t12 and reported by district 6's
    coordinator."""
    asker, scope = users["trainer"], scope_for_user(users["trainer"])
    data = {"domain_id": pool.health.pk, "title": "تمرکز بچه‌ها", "body": "چه کنیم؟"}
    question = questions_services.question_create(scope=scope, actor=asker, data=data)
    reply = questions_services.answer_create(
        scope=scope_for_user(users["trainer_d12"]), actor=users["trainer_d12"],
        question=question, body="بازی کوتاه",
    )  # fmt: skip
    report = questions_services.answer_report(
        scope=scope_for_user(users["coordinator_d6"]), actor=users["coordinator_d6"],
        answer=reply, reason="نادرست",
    )  # fmt: skip
    return SimpleNamespace(question=question, answer=reply, report=report)


def _mentoring(world, users, pool) -> SimpleNamespace:
    """An active pair of district 6: a senior trainer without an account mentors t6 in health,
    with one log entry."""
    mentor = Trainer.objects.create(
        municipality=world.tehran, first_name="پروین", last_name="کاظمی", national_code="0499370899",
        mobile="09351112233", gender="female", home_district=world.d6,
    )  # fmt: skip
    TrainerDomain.objects.create(
        municipality=world.tehran, trainer=mentor, domain=pool.health, level=pool.levels[3]
    )
    now = timezone.now()
    pair = Pair.objects.create(
        municipality=world.tehran, domain=pool.health, mentor=mentor, trainee=pool.t6,
        status=Pair.Status.ACTIVE, mentor_accepted_at=now, trainee_accepted_at=now,
        approved_at=now, started_at=now, proposed_by=users["coordinator_d6"],
    )  # fmt: skip
    LogEntry.objects.create(
        municipality=world.tehran, pair=pair, kind=LogEntry.Kind.MEETING,
        date=timezone.localdate(), notes="دیدار نخست", author=users["trainer"],
    )  # fmt: skip
    return SimpleNamespace(pair=pair, mentor=mentor)


def _volunteering(world, users) -> SimpleNamespace:
    """A published opportunity of district 6 with a shift tomorrow, and the demo volunteer (an
    adult of district 6, their account linked) signed up for it."""
    opportunity = Opportunity.objects.create(
        municipality=world.tehran, title="پاکسازی محله", district=world.d6,
        kind=Opportunity.Kind.CAMPAIGN, status=Opportunity.Status.PUBLISHED,
        published_at=timezone.now(),
    )  # fmt: skip
    shift = Shift.objects.create(
        municipality=world.tehran, opportunity=opportunity,
        date=timezone.localdate() + dt.timedelta(days=1), starts=dt.time(9), ends=dt.time(12),
        place="پارک محله", needed=3,
    )  # fmt: skip
    volunteer = Volunteer.objects.create(
        municipality=world.tehran, name="زهرا موسوی", mobile="09120000008", gender="female",
        birth_year=1375, home_district=world.d6, user=users["volunteer"],
    )  # fmt: skip
    signup = Signup.objects.create(
        municipality=world.tehran, shift=shift, volunteer=volunteer,
        status=Signup.Status.CONFIRMED,
    )  # fmt: skip
    return SimpleNamespace(opportunity=opportunity, shift=shift, volunteer=volunteer, signup=signup)


def _survey_door(o):
    return survey_services.door_token(o.survey, o.session)


def _survey_answer(o):
    return survey_services.answer_token(o.survey, o.session)


def _test_door(o):
    return assessment_services.door_token(o.test, "pre")


def _test_sheet(o):
    return assessment_services.sheet_token(o.test, "pre")


def _unit(attr):
    return lambda o: {"pk": getattr(o.world, attr).pk}


# route name → the path parameters it is asked with
PAGE_ARGS = {
    "verify_certificate": lambda o: {"code": o.issued.verification_code},
    "session_verify_link": lambda o: {"token": verification_token(o.session)},
    "survey_short": lambda o: {"token": _survey_door(o)},
    "accounts:password_reset_confirm": lambda o: {"uidb64": o.reset_uid, "token": o.reset_token},
    "accounts:api_token_revoke": lambda o: {"pk": o.token.pk},
    "org:membership_end": lambda o: {"pk": o.membership.pk},
    "org:member_tokens_revoke": lambda o: {"pk": o.membership.pk},
    "org:import_upload": lambda o: {"kind": "school"},
    "org:import_template": lambda o: {"kind": "school"},
    "org:import_review": lambda o: {"pk": o.batch.pk},
    **{
        f"org:{kind}_{view}": _unit(attr)
        for kind, attr in [
            ("district", "d6"),
            ("neighbourhood", "hood6"),
            ("agency", "health"),
            ("school", "s6"),
            ("venue", "v6"),
        ]
        for view in ("detail", "edit", "history")
    },
    "catalogue:domain_edit": lambda o: {"pk": o.pool.health.pk},
    **{
        f"catalogue:{name}": lambda o: {"pk": o.plan.program.pk}
        for name in (
            "program_detail",
            "program_edit",
            "version_new",
            "question_list",
            "question_create",
            "question_sheet",
            "answer_key",
        )
    },
    **{
        f"catalogue:{name}": lambda o: {"pk": o.plan.program.pk, "number": o.plan.version.number}
        for name in (
            "version_detail",
            "version_notes",
            "version_publish",
            "lesson_create",
            "material_add",
        )
    },
    "catalogue:lesson_edit": lambda o: {"pk": o.plan.lesson.pk},
    "catalogue:lesson_delete": lambda o: {"pk": o.plan.lesson.pk},
    "catalogue:material_download": lambda o: {"pk": o.material.pk},
    "catalogue:material_delete": lambda o: {"pk": o.material.pk},
    "catalogue:question_edit": lambda o: {
        "pk": BankQuestion.objects.filter(program=o.plan.program).first().pk
    },
    **{
        f"trainers:{name}": lambda o: {"pk": o.pool.t6.pk}
        for name in (
            "detail",
            "edit",
            "photo",
            "set_level",
            "certificate_add",
            "calendar",
            "availability",
            "leave_add",
        )
    },
    **{
        f"trainers:{name}": lambda o: {"pk": o.certificate.pk}
        for name in ("certificate_review", "certificate_file")
    },
    "trainers:certificate_pdf": lambda o: {"pk": o.issued.pk},
    "trainers:course_detail": lambda o: {"pk": o.course.pk},
    "trainers:course_edit": lambda o: {"pk": o.course.pk},
    "plans:detail": lambda o: {"year": o.joint.year},
    "plans:district": lambda o: {"pk": o.part.pk},
    "plans:line_new": lambda o: {"pk": o.part.pk},
    "plans:line_edit": lambda o: {"pk": o.part.pk, "line_pk": o.line.pk},
    "plans:line_delete": lambda o: {"pk": o.part.pk, "line_pk": o.line.pk},
    "plans:action": lambda o: {"pk": o.part.pk},
    **{
        f"sessions:{name}": lambda o: {"pk": o.session.pk}
        for name in (
            "detail",
            "cancel",
            "edit",
            "confirm",
            "deliver",
            "roster",
            "checkin_code",
        )
    },
    "sessions:public_register": lambda o: {"pk": o.upcoming.pk},
    "sessions:checkin": lambda o: {"code": current_code(o.session)},
    "sessions:public_registration": lambda o: {"token": cancel_token(o.registration)},
    # the code page of a form already used: it sends the browser on to the registration
    "sessions:public_confirm": lambda o: {
        "token": pending_token(SimpleNamespace(client_id=o.registration.client_id))
    },
    **{
        f"camps:{name}": lambda o: {"pk": o.camp.pk}
        for name in ("detail", "edit", "participant_add", "staff_add", "programme_add")
    },
    "camps:participant_consent": lambda o: {"pk": o.camp.pk, "participant_pk": o.participant.pk},
    "camps:participant_status": lambda o: {"pk": o.camp.pk, "participant_pk": o.participant.pk},
    "camps:staff_remove": lambda o: {"pk": o.camp.pk, "member_pk": o.staff.pk},
    "camps:programme_remove": lambda o: {"pk": o.camp.pk, "link_pk": o.programme.pk},
    "monitoring:trainer": lambda o: {"trainer_pk": o.pool.t6.pk},
    **{
        f"agreements:{name}": lambda o: {"pk": o.deal.agreement.pk}
        for name in (
            "detail",
            "edit",
            "document",
            "transition",
            "renew",
            "party_new",
            "clause_new",
            "commitment_new",
        )
    },
    "agreements:clause_edit": lambda o: {"pk": o.deal.agreement.pk, "clause_pk": o.deal.c1.pk},
    "agreements:remove": lambda o: {
        "pk": o.deal.agreement.pk,
        "what": "clause",
        "item_pk": o.deal.c2.pk,
    },
    "agreements:commitment_edit": lambda o: {
        "pk": o.deal.agreement.pk,
        "commitment_pk": o.deal.report.pk,
    },
    "agreements:evidence_new": lambda o: {"pk": o.deal.report.pk},
    "agreements:evidence_remove": lambda o: {"pk": o.evidence.pk},
    "agreements:evidence_file": lambda o: {"pk": o.evidence.pk},
    "meetings:series_edit": lambda o: {"pk": o.meeting.series.pk},
    **{
        f"meetings:{name}": lambda o: {"pk": o.meeting.pk}
        for name in (
            "detail",
            "edit",
            "invite",
            "agenda_add",
            "hold",
            "cancel",
            "decision_add",
            "action_add",
            "minutes_pdf",
        )
    },
    "meetings:uninvite": lambda o: {"pk": o.meeting.pk, "invitee_pk": o.invitee.pk},
    "meetings:action_edit": lambda o: {"pk": o.action.pk},
    "meetings:action_link": lambda o: {"token": action_token(o.action)},
    **{
        f"surveys:{name}": lambda o: {"pk": o.survey.pk}
        for name in (
            "detail",
            "edit",
            "section_add",
            "question_add",
            "links",
            "results",
            "export",
        )
    },
    **{
        f"surveys:{name}": lambda o: {"pk": o.survey.pk, "question_pk": o.survey_question.pk}
        for name in ("question_edit", "question_move", "question_delete")
    },
    "surveys:qr": lambda o: {"pk": o.survey.pk, "key": survey_services.occasion_key(o.session)},
    "surveys:door": lambda o: {"token": _survey_door(o)},
    "surveys:answer": lambda o: {
        "key": survey_services.occasion_key(o.session),
        "token": _survey_answer(o),
    },
    "assessment:detail": lambda o: {"pk": o.test.pk},
    "assessment:scores": lambda o: {"pk": o.test.pk},
    "assessment:grid": lambda o: {"pk": o.test.pk, "phase": "pre"},
    "assessment:door": lambda o: {"token": _test_door(o)},
    "assessment:take": lambda o: {"token": _test_sheet(o)},
    "assessment:trainer_scorecard": lambda o: {"trainer_pk": o.pool.t6.pk},
    "assessment:trainer_observations": lambda o: {"trainer_pk": o.pool.t6.pk},
    "assessment:observe": lambda o: {"session_pk": o.session.pk},
    **{
        f"library:{name}": lambda o: {"pk": o.library.published.pk}
        for name in ("detail", "download", "feature", "rate", "comment", "use")
    },
    **{
        f"library:{name}": lambda o: {"pk": o.library.draft.pk}
        for name in ("edit", "file_add", "submit")
    },
    "library:publish": lambda o: {"pk": o.library.submitted.pk},
    **{
        f"library:{name}": lambda o: {"pk": o.library.offered.pk}
        for name in ("offer", "shared_detail", "shared_download")
    },
    **{
        f"library:{name}": lambda o: {"pk": o.library.report.pk}
        for name in ("report_detail", "report_edit", "report_delete", "report_helped")
    },
    "library:report_create": lambda o: {"session_pk": o.library.delivered.pk},
    "library:report_photo": lambda o: {"pk": o.library.photo.pk},
    **{
        f"mentoring:{name}": lambda o: {"pk": o.mentoring.pair.pk}
        for name in ("detail", "accept", "decline", "approve", "end", "log")
    },
    "library:return": lambda o: {"pk": o.library.submitted.pk},
    **{
        f"questions:{name}": lambda o: {"pk": o.qa.question.pk}
        for name in ("detail", "edit", "answer", "vote", "report", "hide", "unhide")
    },
    **{
        f"questions:{name}": lambda o: {"pk": o.qa.answer.pk}
        for name in (
            "answer_edit",
            "answer_vote",
            "accept",
            "answer_report",
            "answer_hide",
            "answer_unhide",
        )
    },  # fmt: skip
    "questions:report_dismiss": lambda o: {"pk": o.qa.report.pk},
    **{
        f"volunteering:{name}": lambda o: {"pk": o.volunteering.opportunity.pk}
        for name in ("detail", "shift_add", "publish", "close")
    },
    "volunteering:signup": lambda o: {"pk": o.volunteering.shift.pk},
    "volunteering:withdraw": lambda o: {"pk": o.volunteering.signup.pk},
    "exports:download": lambda o: {"pk": o.export.pk},
    "notifications:mark_read": lambda o: {"pk": o.notification.pk},
    "notifications:retry": lambda o: {"pk": o.delivery.pk},
}

# API operation id → the path parameters it is asked with
API_ARGS = {
    **{
        f"{kind}_{verb}": _unit(attr)
        for kind, attr in [
            ("districts", "d6"),
            ("neighbourhoods", "hood6"),
            ("agencies", "health"),
            ("schools", "s6"),
            ("venues", "v6"),
        ]
        for verb in ("get", "update")
    },
    **{
        name: lambda o: {"pk": o.plan.program.pk}
        for name in (
            "programs_get",
            "programs_update",
            "program_versions_list",
            "program_questions_list",
        )
    },
    "program_lessons_list": lambda o: {"pk": o.plan.program.pk, "number": o.plan.version.number},
    "trainers_get": lambda o: {"pk": o.pool.t6.pk},
    "trainer_certificates": lambda o: {"pk": o.pool.t6.pk},
    "plans_districts": lambda o: {"year": o.joint.year},
    "plans_lines": lambda o: {"pk": o.part.pk},
    "plans_line_create": lambda o: {"pk": o.part.pk},
    "plans_line_update": lambda o: {"pk": o.part.pk, "line_pk": o.line.pk},
    "plans_step": lambda o: {"pk": o.part.pk, "step": "submit"},
    **{
        name: lambda o: {"pk": o.session.pk}
        for name in (
            "sessions_get",
            "sessions_update",
            "sessions_cancel",
            "sessions_confirm",
            "sessions_registrations",
            "sessions_attendance_mark",
        )
    },
    "camps_get": lambda o: {"pk": o.camp.pk},
    "camps_participants": lambda o: {"pk": o.camp.pk},
    **{
        name: lambda o: {"pk": o.meeting.pk}
        for name in ("meetings_detail", "meetings_invite", "meetings_hold", "meetings_action_add")
    },
    "meetings_action_update": lambda o: {"pk": o.action.pk},
    **{
        name: lambda o: {"pk": o.deal.agreement.pk}
        for name in (
            "agreements_detail",
            "agreements_update",
            "agreements_transition",
            "agreements_party_add",
            "agreements_clause_add",
            "agreements_commitment_add",
        )
    },
    "agreements_evidence_record": lambda o: {"pk": o.deal.report.pk},
    "notifications_read": lambda o: {"pk": o.notification.pk},
    "surveys_get": lambda o: {"pk": o.survey.pk},
    "surveys_results": lambda o: {"pk": o.survey.pk},
    "assessment_results": lambda o: {"pk": o.test.pk},
    "assessment_shortlist": lambda o: {"domain_id": o.pool.health.pk},
    "assessment_trainer_scorecard": lambda o: {"trainer_id": o.pool.t6.pk},
    "assessment_trainer_observations": lambda o: {"trainer_id": o.pool.t6.pk},
    "monitoring_trainer": lambda o: {"trainer_id": o.pool.t6.pk},
    "library_resources_get": lambda o: {"pk": o.library.published.pk},
    "library_resources_rate": lambda o: {"pk": o.library.published.pk},
    "library_resources_submit": lambda o: {"pk": o.library.draft.pk},
    "library_reports_get": lambda o: {"pk": o.library.report.pk},
    "library_reports_helped": lambda o: {"pk": o.library.report.pk},
    **{
        name: lambda o: {"pk": o.mentoring.pair.pk}
        for name in (
            "mentoring_pairs_get",
            "mentoring_pairs_accept",
            "mentoring_pairs_decline",
            "mentoring_pairs_approve",
            "mentoring_pairs_end",
            "mentoring_log_list",
            "mentoring_log_create",
        )
    },
    "library_resources_publish": lambda o: {"pk": o.library.submitted.pk},
    "library_resources_return": lambda o: {"pk": o.library.submitted.pk},
    **{
        name: lambda o: {"pk": o.volunteering.opportunity.pk}
        for name in ("volunteering_opportunities_get", "volunteering_shifts_list")
    },
    "volunteering_signup": lambda o: {"pk": o.volunteering.shift.pk},
    "volunteering_withdraw": lambda o: {"pk": o.volunteering.signup.pk},
    "questions_get": lambda o: {"pk": o.qa.question.pk},
    "questions_answer_create": lambda o: {"pk": o.qa.question.pk},
    "questions_vote": lambda o: {"pk": o.qa.question.pk},
    "questions_answer_vote": lambda o: {"pk": o.qa.answer.pk},
    "questions_answer_accept": lambda o: {"pk": o.qa.answer.pk},
}
