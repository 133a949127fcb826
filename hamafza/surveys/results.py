"""Figures of a survey's answers (counts, means, distributions) and their Excel export. Takes the
scoped responses a selector returned; never reads answers itself."""

import io
from collections import Counter
from dataclasses import dataclass, field

import openpyxl
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.core import jalali, sheets
from hamafza.core.l10n import join_list
from hamafza.surveys.models import Answer, Question


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    mean: float | None = None
    distribution: list[tuple[str, int, float]] = field(default_factory=list)  # label, n, %
    texts: list[str] = field(default_factory=list)

    @property
    def chart(self) -> dict:
        return {
            "id": self.question.pk,
            "labels": [label for label, _n, _p in self.distribution],
            "counts": [n for _label, n, _p in self.distribution],
        }


TEXTS_SHOWN = 50


def summarise(questions: list[Question], responses: QuerySet) -> tuple[int, list[QuestionResult]]:
    """The number of responses and, per question, how many answered, the mean (Likert, rating)
    and how the answers spread over the choices (percent of those who answered)."""
    total = responses.count()
    answers = Answer.objects.filter(response__in=responses).values_list(
        "question_id", "value", "values", "text"
    )
    by_question: dict[int, list] = {}
    for qid, value, values, text in answers.iterator():
        by_question.setdefault(qid, []).append((value, values, text))
    results = []
    for q in questions:
        rows = by_question.get(q.pk, [])
        result = QuestionResult(question=q, answered=len(rows))
        if q.is_text:
            result.texts = [t for _v, _vs, t in rows if t][:TEXTS_SHOWN]
        else:
            counts: Counter = Counter()
            for value, values, _t in rows:
                if q.kind == Question.Kind.MULTIPLE:
                    counts.update(values or [])
                elif value is not None:
                    counts[value] += 1
            if q.is_numeric and rows:
                numbers = [v for v, _vs, _t in rows if v is not None]
                result.mean = sum(numbers) / len(numbers) if numbers else None
            result.distribution = [
                (str(label), counts[value], 100 * counts[value] / len(rows) if rows else 0.0)
                for value, label in q.options
            ]
        results.append(result)
    return total, results


def _answer_text(q: Question, answer: Answer | None) -> str | int:
    if answer is None:
        return ""
    if q.is_text:
        return answer.text
    if q.kind == Question.Kind.MULTIPLE:
        return join_list(q.choices[i] for i in answer.values if i < len(q.choices))
    if q.kind == Question.Kind.SINGLE:
        return q.choices[answer.value] if answer.value is not None else ""
    return answer.value if answer.value is not None else ""


def jalali_stamp(moment) -> str:
    """'1405/09/07 14:30': a Jalali date with Latin digits, so a sheet sorts and filters it."""
    local = timezone.localtime(moment)
    j = jalali.to_jalali(local.date())
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d} {local.hour:02d}:{local.minute:02d}"


def workbook(survey, questions: list[Question], responses: QuerySet) -> bytes:
    """Two right-to-left sheets: the figures per question, then one row per response (Jalali date,
    session, district, answers). No names: the export is anonymous."""
    total, results = summarise(questions, responses)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    sheets.rtl(sheet)
    sheet.append(sheets.row([sheets.label(survey), _("Responses"), total]))
    sheet.append(
        sheets.row([_("Question"), _("Answered"), _("Mean"), _("Answer"), _("Count"), _("Percent")])
    )
    for r in results:
        mean = round(r.mean, 2) if r.mean is not None else ""
        if not r.distribution:
            sheet.append(sheets.row([r.question.text, r.answered, mean]))
        for label, n, percent in r.distribution:
            sheet.append(
                sheets.row([r.question.text, r.answered, mean, label, n, round(percent, 1)])
            )
    raw = book.create_sheet(_("Responses")[:31])
    sheets.rtl(raw)
    raw.append(
        sheets.row([_("Date"), _("Session or camp"), _("District")] + [q.text for q in questions])
    )
    rows = responses.select_related(
        "session__lesson", "session__school", "session__venue", "camp", "district"
    ).prefetch_related("answers")
    for response in rows.order_by("created_at", "pk"):
        given = {a.question_id: a for a in response.answers.all()}
        raw.append(
            sheets.row(
                [
                    jalali_stamp(response.created_at),
                    sheets.label(str(response.session or response.camp)),
                    sheets.label(str(response.district)),
                ]
                + [_answer_text(q, given.get(q.pk)) for q in questions]
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
