"""Ordinary saves and deletes of delivery facts keep the rollups right through these receivers.
Writes that bypass them (bulk creates, queryset updates) send ``sessions.signals.facts_changed``
(``sessions.registration.cancel_all``). Attendance rows are counted by database triggers
(``triggers.py``), whatever writes them."""

from django.db.models.signals import post_delete, post_save

from hamafza.monitoring import rollups
from hamafza.plans.models import PlanLine
from hamafza.sessions.models import HeadCount, Registration, Session
from hamafza.sessions.signals import facts_changed

# Fields whose change can move a contribution; a save naming none of them (``update_fields``)
# leaves the rollups as they are, and costs no upkeep.
COUNTED = {
    "Session": {
        "status", "starts_at", "municipality", "district", "domain", "plan_line", "version",
        "school",
    },
    "Registration": {"status", "session"},
    "HeadCount": {"girls", "boys", "session"},
}  # fmt: skip


def _irrelevant(sender, kwargs) -> bool:
    fields = kwargs.get("update_fields")
    if kwargs.get("created") or fields is None:
        return False
    return not (set(fields) & COUNTED.get(sender.__name__, set(fields)))


def _session_changed(sender, instance, **kwargs):
    if not _irrelevant(sender, kwargs):
        rollups.refresh([instance.pk])


def _child_changed(sender, instance, **kwargs):
    if not _irrelevant(sender, kwargs):
        rollups.refresh([instance.session_id])


def _line_changed(sender, instance, created=False, **kwargs):
    if not created:
        rollups.refresh_plan_line(instance.pk)


def _facts_changed(sender, session_ids, **kwargs):
    rollups.refresh(session_ids)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            _session_changed, sender=Session, dispatch_uid=f"monitoring-session-{signal}"
        )
        for model in (HeadCount, Registration):
            signal.connect(
                _child_changed, sender=model, dispatch_uid=f"monitoring-{model.__name__}-{signal}"
            )
    post_save.connect(_line_changed, sender=PlanLine, dispatch_uid="monitoring-planline")
    facts_changed.connect(_facts_changed, dispatch_uid="monitoring-facts")
