"""The one formatting path for numbers a person reads (core.l10n) and the page finisher."""

from decimal import Decimal

import pytest

from hamafza.core.l10n import format_number, format_percent, localize_html, localize_text


@pytest.mark.parametrize(
    ("value", "kwargs", "fa", "en"),
    [
        (1234567, {}, "۱٬۲۳۴٬۵۶۷", "1,234,567"),
        (4.5, {}, "۴٫۵", "4.5"),
        (4.5, {"decimals": 2}, "۴٫۵۰", "4.50"),
        (Decimal("0.8333"), {}, "۰٫۸۳", "0.83"),
        (-0.0, {"decimals": 1}, "۰", "0"),
        ("12", {}, "۱۲", "12"),
        ("۱۲", {}, "۱۲", "12"),
        ("2043929054", {}, "۲۰۴۳۹۲۹۰۵۴", "2043929054"),  # a code is not a quantity
        (None, {}, "", ""),
    ],
)
def test_format_number(value, kwargs, fa, en):
    assert format_number(value, lang="fa", **kwargs) == fa
    assert format_number(value, lang="en", **kwargs) == en


def test_format_percent_uses_the_persian_sign():
    assert format_percent(71, lang="fa") == "۷۱٪"
    assert format_percent(71.4, lang="en") == "71%"
    assert format_percent(None, lang="fa") == ""


def test_free_text_digits_percent_and_decimals_follow_the_language():
    assert localize_text("منطقه 6 به 71% رسید؛ میانگین 4.50", lang="fa") == (
        "منطقه ۶ به ۷۱٪ رسید؛ میانگین ۴٫۵۰"
    )
    assert localize_text("4. جمع‌بندی", lang="fa") == "۴. جمع‌بندی"  # a list number, not a decimal
    assert localize_text("منطقه ۶: ۷۱٪ و ۴٫۵", lang="en") == "منطقه 6: 71% و 4.5"


def test_page_finisher_touches_text_only():
    html = (
        '<p title="12">جلسه 3 از 10</p><a href="/sessions/12/?page=2">صفحه 2</a>'
        '<span dir="ltr">09121234567 tehran.d6</span><code>x=1</code>'
        "<textarea>پلاک 82</textarea><script>const n = 5;</script>"
        '<input value="2026-01-01T10:00:00" type="hidden">&#x27;1&#39;'
        '<div dir="ltr"><div>7</div>8</div>9'
    )
    out = localize_html(html, lang="fa")
    assert '<p title="12">جلسه ۳ از ۱۰</p>' in out  # attributes untouched
    assert 'href="/sessions/12/?page=2">صفحه ۲</a>' in out
    assert '<span dir="ltr">09121234567 tehran.d6</span>' in out
    assert "<code>x=1</code>" in out and "<textarea>پلاک 82</textarea>" in out
    assert "const n = 5;" in out and 'value="2026-01-01T10:00:00"' in out
    assert "&#x27;۱&#39;" in out  # character references stay whole
    assert '<div dir="ltr"><div>7</div>8</div>۹' in out  # nested ltr blocks end where they end


def test_english_pages_isolate_persian_runs_and_use_latin_digits():
    out = localize_html(
        "<p>Level: آموزشگر ارشد</p><td>منطقه ۶</td><option>Level: ارشد</option>", lang="en"
    )
    assert "<p>Level: <bdi>آموزشگر ارشد</bdi></p>" in out
    assert "<td><bdi>منطقه 6</bdi></td>" in out  # Persian data keeps its order as a whole
    assert "<option>Level: ارشد</option>" in out  # no markup inside an option
    assert localize_html("<td> 1405/ت/۱۲ </td>", lang="en") == "<td> <bdi>1405/ت/12</bdi> </td>"
    assert "Clause 1: <bdi>1405/ت/12 بند.</bdi>" in localize_html(
        "<p>Clause 1: ۱۴۰۵/ت/۱۲ بند.</p>", lang="en"
    )


def test_the_whole_page_is_read_whatever_its_own_direction():
    # an English page is dir="ltr" as a whole: that is not a mark to leave it alone
    page = '<html lang="en" dir="ltr"><body dir="ltr"><p>۱۲ sessions</p></body></html>'
    assert "<p>12 sessions</p>" in localize_html(page, lang="en")
    fa = '<html lang="fa" dir="rtl"><body><p>12 جلسه</p><p lang="en">Level 2</p></body></html>'
    assert "<p>۱۲ جلسه</p>" in localize_html(fa, lang="fa")
    assert '<p lang="en">Level 2</p>' in localize_html(fa, lang="fa")


def test_pages_pass_through_the_finisher(world, client_for):
    # given a name typed with Latin digits, stored as typed
    world.s6.name = "دبستان فردوسی 3"
    world.s6.save()
    # when it is shown, then in the page's digits; the link to it is untouched
    fa = client_for("directorate").get(world.s6.get_absolute_url()).content.decode()
    assert "دبستان فردوسی ۳" in fa and "دبستان فردوسی 3" not in fa
    en = client_for("directorate").get("/en" + world.s6.get_absolute_url()).content.decode()
    assert "دبستان فردوسی 3" in en
