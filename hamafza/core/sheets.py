"""The one way a cell of an Excel or CSV file is written.

- ``cell()``: a value made safe for a spreadsheet. Text that a spreadsheet would run as a formula
  (starting with ``= + - @``, a tab or a carriage return) is prefixed with an apostrophe, so an
  answer typed as ``=HYPERLINK(...)`` stays text; lazy translations become text; numbers, dates
  and ``None`` pass through.
- ``label()``: text a person reads as a label (a district's name, a month, a period): ``cell()``
  with its digits in the file's language (``core.l10n``), Persian digits in a Persian file.
  Data (codes, mobiles, answers) keeps its digits as stored.
- ``rtl()``: one rule for a sheet's direction: right to left in a Persian file.
"""

import datetime as dt
from decimal import Decimal

from django.utils.functional import Promise

from hamafza.core.l10n import is_fa, localize_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def label(value, *, lang: str | None = None):
    """A label's text (a record is written by its name); numbers and dates stay what they are."""
    if value is None or isinstance(value, int | float | Decimal | dt.date):
        return cell(value)
    return cell(localize_text(str(value), lang=lang))


def row(values) -> list:
    return [cell(v) for v in values]


def rtl(sheet, *, lang: str | None = None) -> None:
    sheet.sheet_view.rightToLeft = is_fa(lang)
