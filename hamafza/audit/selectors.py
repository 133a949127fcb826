"""Reads of the audit trail (django-simple-history keeps a historical row per change)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
_HIDDEN = {"search_text", "name_key", "created_at", "updated_at"}


@dataclass
class Change:
    field: str
    before: object
    after: object


@dataclass
class AuditEntry:
    when: object
    who: object
    action: str
    changes: list[Change] = field(default_factory=list)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field removed since the change was recorded
        return name


def record_history(obj) -> list[AuditEntry]:
    """Every change to ``obj``, newest first, with before/after for each changed field.

    The caller has already checked that the user may see ``obj`` (the scoping gate).
    """
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    entries = []
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for c in delta.changes:
                if c.field in _HIDDEN:
                    continue
                changes.append(Change(_label(model, c.field), c.old, c.new))
        elif record.history_type == "+":
            for f in model._meta.concrete_fields:
                if f.name in _HIDDEN or f.name in ("id", "municipality"):
                    continue
                value = getattr(record, f.attname, None)
                if value not in (None, ""):
                    changes.append(Change(str(f.verbose_name), None, value))
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return entries
