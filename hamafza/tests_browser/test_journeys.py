"""Real Chromium (Debian's, driven by Playwright): the foundation's main journey."""

import re

import pytest

from hamafza.org.models import School
from hamafza.org.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSIAN_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"


def log_in(page, base, username, password="pass-1234"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_coordinator_adds_a_school_in_persian_then_switches_to_english(
    live_server, world, users, page_factory, shot
):
    base = live_server.url
    page = page_factory()
    user = users["coordinator_d6"]
    user.mobile = "09121234567"
    user.save()

    # log in with the mobile number typed in Persian digits
    log_in(page, base, "۰۹۱۲۱۲۳۴۵۶۷")
    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert re.search(rf"[۰-۹]+ ({PERSIAN_MONTHS}) [۰-۹]{{4}}", page.inner_text("#today"))
    # the Vazirmatn font is applied and loaded from this server
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Vazirmatn" in family
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    shot(page, "01-home-fa")

    # add a school
    page.click("nav .dropdown-toggle")
    page.click("nav .dropdown-menu >> text=مدارس")
    page.click("text=افزودن")
    page.fill("#id_name", "دبستان خيام")  # Arabic yeh on purpose
    page.fill("#id_code", "۴۵۶۷")
    page.select_option("#id_stage", "primary")
    page.select_option("#id_gender", "girls")
    page.fill("#id_grade_from", "1")
    page.fill("#id_grade_to", "6")
    page.fill("#id_principal_mobile", "0912")  # bad: refused with a message
    page.click("button[type=submit]")
    assert page.locator(".invalid-feedback").first.is_visible()
    shot(page, "02-school-form-error-fa")
    page.fill("#id_principal_mobile", "09127654321")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "دبستان خیام"
    school = School.objects.get(code="4567")
    assert school.district == world.d6
    shot(page, "03-school-detail-fa")

    # search with another spelling finds it (htmx partial)
    page.click("nav .dropdown-toggle")
    page.click("nav .dropdown-menu >> text=مدارس")
    page.fill("#q", "خیام")
    page.wait_for_selector("#results :text('دبستان خیام')")
    assert "دبستان حافظ" not in page.inner_text("#results")  # district 12 is not theirs

    # switch to English
    page.click("#language-switcher button")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.url.startswith(f"{base}/en/")
    assert "Schools" in page.text_content("nav")
    shot(page, "04-schools-en")
    assert page.foreign_requests == []


def test_phone_width_layout_and_import(live_server, world, users, page_factory, shot, tmp_path):
    import openpyxl

    page = page_factory(width=390, height=844)
    user = UserFactory(username="dir2")
    from hamafza.core.scoping import Role
    from hamafza.org.models import Membership

    Membership.objects.create(user=user, municipality=world.tehran, role=Role.DIRECTORATE)
    log_in(page, live_server.url, "dir2")
    shot(page, "05-home-phone-fa")
    # no horizontal scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["نام مدرسه", "کد مدرسه", "منطقه", "مقطع", "جنسیت", "از پایه", "تا پایه"])
    sheet.append(["دبستان تازه", "9901", 6, "ابتدایی", "پسرانه", 1, 6])
    sheet.append(["دبستان غلط", "9902", 44, "ابتدایی", "پسرانه", 1, 6])
    path = tmp_path / "schools.xlsx"
    book.save(path)
    page.goto(f"{live_server.url}/org/schools/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("button[type=submit]")
    page.wait_for_selector("#import-errors")
    assert "منطقه ۴۴" in page.inner_text("#import-errors")  # the reason, with Persian digits
    shot(page, "06-import-review-phone-fa")
    page.click("button[value=apply]")
    page.wait_for_load_state("networkidle")
    assert School.objects.filter(code="9901").exists()
    assert not School.objects.filter(code="9902").exists()
