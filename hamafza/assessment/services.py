"""Writes of knowledge tests: making a test from the bank, answer sheets entered from paper (a
grid, or total scores) and sheets taken on a phone through a signed link. Every batch is checked
whole before anything is written, and written in one transaction."""

import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hamafza.assessment.models import KnowledgeTest, Phase, Sheet, SheetAnswer, TestItem
from hamafza.assessment.permissions import can_use_tests
from hamafza.catalogue.models import Question
from hamafza.core import links
from hamafza.core.l10n import join_list
from hamafza.core.persian import clean_typed, localize_digits, to_latin_digits
from hamafza.core.scoping import DISTRICT_MANAGERS, Scope, in_scope
from hamafza.sessions.models import Session

DOOR_SALT = "hamafza.assessment.door"
SHEET_SALT = "hamafza.assessment.sheet"
DOOR_MAX_AGE = 7 * 24 * 3600
SHEET_MAX_AGE = 24 * 3600
MAX_ITEMS = 40
MAX_ROWS = 200
BLANK = "-"  # a paper cell for a question the participant left blank (counted wrong)


def _may_use_session(scope: Scope, session: Session) -> bool:
    if not can_use_tests(scope) or session.municipality_id != scope.municipality_id:
        return False
    if scope.role in DISTRICT_MANAGERS:
        return in_scope(session, scope)
    return session.trainers.filter(user_id=scope.user_id).exists()


def _check_test(scope: Scope, test: KnowledgeTest) -> None:
    sessions = [test.session] + ([test.post_session] if test.post_session_id else [])
    if not any(_may_use_session(scope, s) for s in sessions):
        raise PermissionDenied(_("You may not enter sheets of this test."))


@transaction.atomic
def test_create(
    *,
    scope: Scope,
    actor,
    session: Session,
    title: str,
    item_count: int,
    post_session: Session | None = None,
) -> KnowledgeTest:
    """A test of ``item_count`` questions of the session's program bank (the first ones in use),
    copied so that later edits of the bank do not change it."""
    if not _may_use_session(scope, session):
        raise PermissionDenied(_("You may not make a test for this session."))
    program = session.version.program
    errors: dict = {}
    if post_session is not None:
        if not _may_use_session(scope, post_session) or post_session.version.program_id != (
            program.pk
        ):
            errors["post_session"] = _("Choose a later session of the same program.")
        elif post_session.starts_at < session.starts_at:
            errors["post_session"] = _("Choose a later session of the same program.")
    bank = list(Question.objects.filter(program=program, is_active=True).order_by("pk"))
    if not 1 <= item_count <= MAX_ITEMS:
        errors["item_count"] = _("A test has from 1 to %(n)s questions.") % {
            "n": localize_digits(MAX_ITEMS)
        }
    elif len(bank) < item_count:
        errors["item_count"] = _("The program's bank has only %(n)s questions in use.") % {
            "n": localize_digits(len(bank))
        }
    title = clean_typed(title or "")[:200]
    if not title:
        errors["title"] = _("Give the test a title.")
    if errors:
        raise ValidationError(errors)
    test = KnowledgeTest.objects.create(
        municipality_id=session.municipality_id,
        title=title,
        program=program,
        session=session,
        post_session=post_session,
        district_id=session.district_id,
        created_by=actor,
    )
    TestItem.objects.bulk_create(
        TestItem(
            municipality_id=test.municipality_id,
            test=test,
            question=q,
            order=i,
            text=q.text,
            choices=list(q.choices),
            correct_index=q.correct_index,
        )
        for i, q in enumerate(bank[:item_count], start=1)
    )
    return test


# Hyphens (and the dashes a phone keyboard may put in their place) only separate the parts of a
# code: "۱۵-مر" and "15مر" are the same person.
_HYPHENS = str.maketrans(dict.fromkeys("-\u2010\u2011\u2012\u2013\u2014\u2212"))


def clean_code(raw) -> str:
    """A participant's pseudonymous code: letters and digits, 2 to 12, folded (Persian digits to
    Latin, upper case, spaces and hyphens dropped), so «۱۲-ab» and «12AB» pair."""
    code = to_latin_digits(clean_typed(str(raw or ""))).replace(" ", "").upper()
    code = code.translate(_HYPHENS)
    if not 2 <= len(code) <= 12 or not code.isalnum():
        raise ValueError
    return code


def _check_phase(phase: str) -> None:
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Choose the pre-test or the post-test.")})


def _taken(test: KnowledgeTest, phase: str, codes) -> set[str]:
    return set(
        Sheet.objects.filter(test=test, phase=phase, code__in=list(codes)).values_list(
            "code", flat=True
        )
    )


def _write(test, phase, source, actor, rows, *, nonce=None) -> list[Sheet]:
    """rows: (code, score, [(item, chosen, correct)]). Inside the caller's transaction."""
    maximum = test.items.count()
    sheets = []
    try:
        with transaction.atomic():
            for code, score, answers in rows:
                sheet = Sheet.objects.create(
                    municipality_id=test.municipality_id,
                    test=test,
                    phase=phase,
                    code=code,
                    source=source,
                    score=score,
                    max_score=maximum,
                    district_id=test.district_id,
                    nonce=nonce,
                    entered_by=actor,
                )
                SheetAnswer.objects.bulk_create(
                    SheetAnswer(
                        municipality_id=test.municipality_id,
                        sheet=sheet,
                        item=item,
                        chosen=chosen,
                        correct=correct,
                    )
                    for item, chosen, correct in answers
                )
                sheets.append(sheet)
    except IntegrityError:
        raise ValidationError(
            _("A sheet was saved for one of these codes in the meantime; nothing was saved.")
        ) from None
    return sheets


def _row_label(n: int) -> str:
    return _("Row %(n)s") % {"n": localize_digits(n)}


@transaction.atomic
def grid_save(*, scope: Scope, actor, test: KnowledgeTest, phase: str, rows: list) -> list[Sheet]:
    """Paper answer sheets as a grid: each row a participant code and, per question, the number of
    the choice marked (1, 2, …) or ``-`` if left blank. A missing cell, a choice that does not
    exist, a code twice or a code that already has a sheet refuses the whole grid, with every
    reason listed."""
    _check_test(scope, test)
    _check_phase(phase)
    test_items = list(test.items.order_by("order"))
    errors, clean, seen = [], [], set()
    rows = [r for r in rows if str(r[0] or "").strip() or any(str(c or "").strip() for c in r[1])]
    if not rows:
        raise ValidationError(_("Enter at least one answer sheet."))
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("At most %(n)s sheets at a time.") % {"n": localize_digits(MAX_ROWS)}
        )
    for n, (raw_code, cells) in enumerate(rows, start=1):
        row = _row_label(n)
        try:
            code = clean_code(raw_code)
        except ValueError:
            errors.append(_("%(row)s: the code must be 2 to 12 letters or digits.") % {"row": row})
            continue
        if code in seen:
            errors.append(
                _("%(row)s: the code %(code)s is entered twice.") % {"row": row, "code": code}
            )
        seen.add(code)
        if len(cells) != len(test_items):
            errors.append(_("%(row)s: answers are missing.") % {"row": row})
            continue
        answers, score = [], 0
        for item, cell in zip(test_items, cells, strict=True):
            text = to_latin_digits(str(cell or "")).strip()
            where = {"row": row, "q": localize_digits(item.order)}
            if not text:
                errors.append(_("%(row)s, question %(q)s: the answer is missing.") % where)
                continue
            if text == BLANK:
                answers.append((item, None, False))
                continue
            if not text.isdigit() or not 1 <= int(text) <= len(item.choices):
                errors.append(
                    _("%(row)s, question %(q)s: there is no choice %(value)s (1 to %(k)s).")
                    % (where | {"value": text, "k": localize_digits(len(item.choices))})
                )
                continue
            chosen = int(text) - 1
            correct = chosen == item.correct_index
            score += correct
            answers.append((item, chosen, correct))
        clean.append((code, score, answers))
    taken = _taken(test, phase, seen)
    if taken:
        errors.append(
            _("These codes already have a sheet for this phase: %(codes)s.")
            % {"codes": join_list(sorted(taken))}
        )
    if errors:
        raise ValidationError(errors)
    return _write(test, phase, Sheet.Source.PAPER, actor, clean)


@transaction.atomic
def scores_save(*, scope: Scope, actor, test: KnowledgeTest, rows: list) -> list[Sheet]:
    """Paper results as total scores: each row a code, the pre-test score and the post-test score
    (either may be empty). A score above the number of questions, below zero or not a number
    refuses the whole batch."""
    _check_test(scope, test)
    maximum = test.items.count()
    errors, by_phase, seen = [], {Phase.PRE: [], Phase.POST: []}, set()
    for n, (raw_code, *scores) in enumerate(rows, start=1):
        row = _row_label(n)
        try:
            code = clean_code(raw_code)
        except ValueError:
            errors.append(_("%(row)s: the code must be 2 to 12 letters or digits.") % {"row": row})
            continue
        if code in seen:
            errors.append(
                _("%(row)s: the code %(code)s is entered twice.") % {"row": row, "code": code}
            )
        seen.add(code)
        for phase, raw in zip((Phase.PRE, Phase.POST), scores, strict=False):
            text = to_latin_digits(str(raw if raw is not None else "")).strip()
            if not text:
                continue
            if not text.isdigit() or int(text) > maximum:
                errors.append(
                    _("%(row)s: the score %(value)s is not between 0 and %(max)s.")
                    % {"row": row, "value": text, "max": localize_digits(maximum)}
                )
                continue
            by_phase[phase].append((code, int(text), []))
    for phase, phase_rows in by_phase.items():
        taken = _taken(test, phase, [c for c, _s, _a in phase_rows])
        if taken:
            errors.append(
                _("These codes already have a sheet for this phase: %(codes)s.")
                % {"codes": join_list(sorted(taken))}
            )
    if not any(by_phase.values()) and not errors:
        errors.append(_("Enter at least one score."))
    if errors:
        raise ValidationError(errors)
    sheets = []
    for phase, phase_rows in by_phase.items():
        sheets += _write(test, phase, Sheet.Source.PAPER, actor, phase_rows)
    return sheets


# --- on a phone ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Taking:
    test: KnowledgeTest
    phase: str
    nonce: str = ""


def door_token(test: KnowledgeTest, phase: str) -> str:
    return links.make_token({"t": test.pk, "p": phase}, salt=DOOR_SALT)


def sheet_token(test: KnowledgeTest, phase: str) -> str:
    return links.make_token(
        {"t": test.pk, "p": phase, "n": secrets.token_urlsafe(12)}, salt=SHEET_SALT, compress=True
    )


def _load(token: str, salt: str, max_age: int) -> dict:
    try:
        data = links.read_token(token, salt=salt, max_age=max_age)
    except links.Expired:
        raise ValidationError(_("This link has expired. Ask the trainer for the code.")) from None
    except links.Invalid:
        raise ValidationError(
            _("This link is not valid. Scan the code shown at the session.")
        ) from None
    if not isinstance(data, dict) or data.get("p") not in Phase.values:
        raise ValidationError(_("This link is not valid. Scan the code shown at the session."))
    test = KnowledgeTest.objects.filter(pk=data.get("t")).first()
    if test is None:
        raise ValidationError(_("This link is not valid. Scan the code shown at the session."))
    if test.status != KnowledgeTest.Status.OPEN:
        raise ValidationError(_("This test is closed."))
    data["test"] = test
    return data


def open_door(token: str) -> tuple[Taking, str]:
    data = _load(token, DOOR_SALT, DOOR_MAX_AGE)
    return Taking(test=data["test"], phase=data["p"]), sheet_token(data["test"], data["p"])


def read_sheet_link(token: str) -> Taking:
    data = _load(token, SHEET_SALT, SHEET_MAX_AGE)
    nonce = data.get("n")
    if not isinstance(nonce, str) or Sheet.objects.filter(nonce=nonce).exists():
        raise ValidationError(_("This link has already been used. Thank you!"))
    return Taking(test=data["test"], phase=data["p"], nonce=nonce)


@transaction.atomic
def phone_submit(*, taking: Taking, code: str, answers: dict) -> Sheet:
    """A sheet taken on a phone: the participant's code and one choice (0-based) per item, every
    item answered. Refused whole if an answer is missing or not a choice of its question."""
    test = taking.test
    errors: dict = {}
    try:
        clean = clean_code(code)
    except ValueError:
        errors["code"] = _("Your code must be 2 to 12 letters or digits.")
    rows, score = [], 0
    for item in test.items.order_by("order"):
        raw = to_latin_digits(str(answers.get(item.pk, ""))).strip()
        if not raw.isdigit() or not 0 <= int(raw) < len(item.choices):
            errors[str(item.pk)] = _("Choose one of the answers.")
            continue
        correct = int(raw) == item.correct_index
        score += correct
        rows.append((item, int(raw), correct))
    if not errors and _taken(test, taking.phase, [clean]):
        errors["code"] = _(
            "This code has already taken this test. If it is yours, tell the trainer."
        )
    if errors:
        raise ValidationError(errors)
    return _write(
        test, taking.phase, Sheet.Source.PHONE, None, [(clean, score, rows)], nonce=taking.nonce
    )[0]


def test_close(*, scope: Scope, actor, test: KnowledgeTest) -> KnowledgeTest:
    _check_test(scope, test)
    test.status = KnowledgeTest.Status.CLOSED
    test.save(update_fields=["status", "updated_at"])
    return test
