"""Reminders of commitments, sent through the notification service to the people of the party
that promised (an agency's liaisons; for the municipality, the directorate). Each message has a
key unique per recipient, so a job run twice tells nobody twice."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.agreements.models import Agreement, Party
from hamafza.agreements.selectors import IN_FORCE, Standing, ledger
from hamafza.core import jalali
from hamafza.core.scoping import Role
from hamafza.meetings.reminders import week_of
from hamafza.meetings.services import members
from hamafza.notifications import kinds
from hamafza.notifications.services import notify

AHEAD_DAYS = 14


def responsible(party: Party) -> list[int]:
    """Who answers for a party's commitments."""
    municipality_id = party.agreement.municipality_id
    if party.kind == Party.Kind.AGENCY:
        found = members(
            municipality_id=municipality_id, role=Role.AGENCY_LIAISON, agency_id=party.agency_id
        )
    else:
        found = members(municipality_id=municipality_id, role=Role.DIRECTORATE)
    return list(found.values_list("pk", flat=True))


def remind_commitments(*, today: dt.date | None = None) -> int:
    """Once-off commitments due within two weeks and not met, and those overdue; recurring ones
    that fall behind (at most once a week)."""
    today = today or timezone.localdate()
    told = 0
    agreements = Agreement.objects.filter(status__in=IN_FORCE, starts_on__lte=today)
    for agreement in agreements.iterator(chunk_size=50):
        for c in ledger(agreement=agreement, today=today)["commitments"]:
            status = c.progress.status
            if status == Standing.MET:
                continue
            if c.recurrence == "none" and c.due_on:
                if status == Standing.OVERDUE:
                    title, key = _("Overdue: %(what)s"), f"commitment-overdue:{c.pk}:{c.due_on}"
                elif c.due_on <= today + dt.timedelta(days=AHEAD_DAYS):
                    title, key = _("Due on %(day)s: %(what)s"), f"commitment-due:{c.pk}:{c.due_on}"
                else:
                    continue
            elif c.recurrence != "none" and status == Standing.BEHIND:
                title = _("Behind: %(what)s")
                key = f"commitment-behind:{c.pk}:{week_of(today):%Y%m%d}"
            else:
                continue
            told += len(
                notify(
                    recipients=responsible(c.party),
                    kind=kinds.COMMITMENT_DUE,
                    title=title,
                    body=_("%(done)s of %(target)s done under “%(agreement)s”."),
                    link=agreement.get_absolute_url() + f"#commitment-{c.pk}",
                    municipality_id=agreement.municipality_id,
                    context={
                        "what": c.description[:80],
                        "day": jalali.format_date(c.due_on) if c.due_on else "",
                        "done": c.progress.done,
                        "target": c.progress.target,
                        "agreement": agreement.title,
                    },
                    key=key,
                )
            )
    return told
