"""Reads of the audit trail (django-simple-history keeps a historical row per change)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from hamafza.core import jalali

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


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the change was recorded
        return None


def _label(model, name: str) -> str:
    found = _field(model, name)
    return str(found.verbose_name) if found is not None else name


def _shown(model_field, value, names: dict):
    """What a person reads for a stored ``value``: the choice's label in the active language
    ("ابتدایی", not "primary"), the related record's name rather than its id, yes/no, a Jalali
    date; anything else as stored. ``names`` caches related names within one history."""
    if value is None or value == "" or model_field is None:
        return value
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.many_to_one and model_field.related_model is not None:
        key = (model_field.related_model, value)
        if key not in names:
            related = model_field.related_model._default_manager.filter(pk=value).first()
            names[key] = str(related) if related is not None else value
        return names[key]
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return jalali.format_datetime(value)
    if isinstance(value, dt.date):
        return jalali.format_date(value)
    return value


def record_history(obj) -> list[AuditEntry]:
    """Every change to ``obj``, newest first, with before/after for each changed field, as a
    person reads them (choice labels, related names, Jalali dates).

    The caller has already checked that the user may see ``obj`` (the scoping gate).
    """
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    names: dict = {}
    entries = []
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for c in delta.changes:
                if c.field in _HIDDEN:
                    continue
                found = _field(model, c.field)
                changes.append(
                    Change(
                        _label(model, c.field),
                        _shown(found, c.old, names),
                        _shown(found, c.new, names),
                    )
                )
        elif record.history_type == "+":
            for f in model._meta.concrete_fields:
                if f.name in _HIDDEN or f.name in ("id", "municipality"):
                    continue
                value = getattr(record, f.attname, None)
                if value not in (None, ""):
                    changes.append(Change(str(f.verbose_name), None, _shown(f, value, names)))
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return entries
