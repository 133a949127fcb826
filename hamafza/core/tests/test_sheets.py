"""One way a spreadsheet cell is written: no formula smuggled in as text, labels in the file's
language, one direction rule."""

import csv
import io

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from hamafza.core import sheets


@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://x","بزن")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_text_that_would_run_as_a_formula_stays_text_in_excel_and_csv(typed):
    book = openpyxl.Workbook()
    book.active.append(sheets.row([typed, 12, -3.5, None, "عادی"]))
    out = io.BytesIO()
    book.save(out)
    back = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    first, number, negative, empty, plain = (c for c in back[1])
    # (XML stores a carriage return as a line feed; what matters is the leading apostrophe)
    assert first.data_type == "s" and first.value.startswith("'")
    assert first.value[2:] == typed[1:]
    assert number.value == 12 and negative.value == -3.5 and empty.value is None
    assert plain.value == "عادی"

    text = io.StringIO()
    csv.writer(text).writerow(sheets.row([typed, -3]))
    cells = next(csv.reader(io.StringIO(text.getvalue())))
    assert cells == ["'" + typed, "-3"]


def test_labels_carry_the_file_language_digits_and_data_does_not():
    assert sheets.label("منطقه 6", lang="fa") == "منطقه ۶"
    assert sheets.label("منطقه ۶", lang="en") == "منطقه 6"
    assert sheets.label(7, lang="fa") == 7  # a number stays a number a sheet can add up
    assert sheets.cell("09121234567") == "09121234567"
    with translation.override("en"):
        assert sheets.cell(gettext_lazy("District")) == "District"


def test_direction_follows_the_language():
    sheet = openpyxl.Workbook().active
    sheets.rtl(sheet, lang="fa")
    assert sheet.sheet_view.rightToLeft is True
    sheets.rtl(sheet, lang="en")
    assert sheet.sheet_view.rightToLeft is False
