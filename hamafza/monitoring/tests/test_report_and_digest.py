"""The dashboard as a PDF report and the weekly alert digest."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from hamafza.core import jalali
from hamafza.core.jalali import MONTHS_FA
from hamafza.monitoring import digest, report, selectors
from hamafza.monitoring.tests.conftest import YEAR
from hamafza.monitoring.tests.test_dashboard import Q3
from hamafza.notifications.models import Notification
from hamafza.org.middleware import scope_for_user

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # the calendar of Azar 1405

# 13 Mehr 1405 falls in quarter 3; on 20 Mehr a tenth of the quarter has passed
TODAY = dt.date(2026, 10, 12)


def test_report_figures_are_the_dashboards(delivered, users, world):
    scope = scope_for_user(users["directorate"])
    period = selectors.Period.quarter(YEAR, 3)
    rows = selectors.plan_vs_actual(scope=scope, period=period)
    context = report.report_context(
        scope=scope, period=period, filters=selectors.Filters(), municipality=world.tehran,
        league=selectors.league(rows, period, TODAY),
    )  # fmt: skip
    by_name = {r.district: r for r in context["districts"]}
    # district 6: two delivered (one verified) of 8 targeted; district 12: one health + one waste
    assert (by_name["منطقه ۶"].actual["delivered"], by_name["منطقه ۶"].target_sessions) == (2, 8)
    assert by_name["منطقه ۱۲"].actual["delivered"] == 2
    assert context["total"].actual["delivered"] == 4
    bars = {d["district"]: d["bar"] for d in context["league"]}
    assert max(bars.values()) == 100  # the longest bar fills the track


def test_the_pdf_is_made_for_viewers_only(delivered, client_for):
    pdf = client_for("directorate").get("/monitoring/report.pdf", Q3)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 10_000
    # the text as a reader finds it (runs of digits come out in visual order, so words are
    # checked in Persian and figures in the English report)
    text = _pdf_text(pdf.content)
    assert "شهرداری تهران" in text and "فصل ۳ سال" in text
    assert "ماه به ماه" in text and "مدارس تحت پوشش" in text and "مهر" in text
    made = jalali.to_jalali(timezone.localdate())
    assert MONTHS_FA[made.month - 1] in text  # the cover's date is Jalali
    english = _pdf_text(client_for("directorate").get("/en/monitoring/report.pdf", Q3).content)
    assert "Quarter 3 of 1405" in english and "Month by month" in english
    assert "Mehr 1405 4 45 4 4" in " ".join(english.split())  # delivered, people, to date, target
    assert client_for("coordinator_d6").get("/monitoring/report.pdf", Q3).status_code == 200
    for role in ("trainer", "citizen", "volunteer"):
        assert client_for(role).get("/monitoring/report.pdf", Q3).status_code == 403


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def test_the_digest_reaches_directorate_and_coordinators_once_a_week(delivered, users):
    sent = digest.send_alert_digest(today=TODAY)
    assert digest.send_alert_digest(today=TODAY) == 0  # a second run in the same week
    told = {n.recipient_id: n for n in Notification.objects.filter(kind="monitoring_alerts")}
    assert sent == len(told)
    assert users["directorate"].pk in told and users["coordinator_d6"].pk in told
    assert users["bumehen_directorate"].pk not in told  # nothing needs attention there
    assert users["citizen"].pk not in told and users["trainer"].pk not in told
    # the coordinator's counts are their district's: of two delivered, one waits for the school
    scope = scope_for_user(users["coordinator_d6"])
    year = selectors.Period.year(YEAR)
    rows = selectors.plan_vs_actual(scope=scope, period=year)
    found = digest.counts(selectors.alerts(scope=scope, period=year, rows=rows, today=TODAY))
    assert found["unverified"] == 1
    body = told[users["coordinator_d6"].pk].body
    assert "۱" in body and "1" not in body  # in Persian digits
    next_week = digest.send_alert_digest(today=TODAY + dt.timedelta(days=7))
    assert next_week == sent


def test_digest_counts():
    alerts = [
        {"kind": "lagging"}, {"kind": "lagging"}, {"kind": "unverified", "count": 3},
        {"kind": "unreported", "count": 2}, {"kind": "unverified", "count": 1},
    ]  # fmt: skip
    assert digest.counts(alerts) == {"lagging": 2, "unverified": 4, "unreported": 2}
