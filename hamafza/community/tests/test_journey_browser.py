"""The trainers' community in real Chromium, in Persian and in English: a trainer of district 6
shares a lesson plan, the curator publishes it, a trainer of district 12 finds it by typing
another spelling of its title, rates it and links it to a session they delivered, and the
directorate sees the contribution — on the community's overview and on the trainer's record."""

import pytest
from django.urls import reverse

from hamafza.library.models import Rating, Resource, Use
from hamafza.library.tests.conftest import PDF, lib  # noqa: F401 - reused fixture
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "کتاب‌خانه‌ی کلاسی بهداشت دهان"  # stored with ZWNJs …
TYPED = "كتابخانه كلاسي"  # … found as typed on an Arabic keyboard, written together


def log_in(page, base, username, prefix=""):
    page.goto(f"{base}{prefix}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def wait_until(page, script: str, timeout_ms: int = 10_000) -> None:
    """Poll through DevTools evaluation (the CSP refuses wait_for_function's string eval)."""
    for _ in range(timeout_ms // 100):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_share_publish_find_by_another_spelling_rate_use_and_be_seen(
    live_server, lib, users, page_factory, shot, lang  # noqa: F811
):  # fmt: skip
    base, prefix = live_server.url, ("" if lang == "fa" else "/en")
    refused = []

    def watch(page):
        page.on(
            "console",
            lambda m: refused.append(m.text) if "Content-Security-Policy" in m.text else None,
        )
        return page

    # 1. the trainer of district 6 shares a lesson plan and submits it
    author = watch(page_factory())
    log_in(author, base, users["trainer"].username, prefix)
    author.goto(base + prefix + reverse("library:create"))
    author.select_option("#id_kind", "lesson_plan")
    author.fill("#id_title", TITLE)
    author.select_option("#id_domain", str(lib.pool.health.pk))
    author.select_option("#id_program", str(lib.plan.program.pk))
    author.select_option("#id_audience", "primary_lower")
    author.select_option("#id_licence", "cc_by")
    author.fill("#id_summary", "بازی مسواک با آینه و ساعت شنی؛ برای کلاس اول و دوم.")
    author.set_input_files(
        "#id_file", files=[{"name": "طرح درس.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    author.click("form.card button[type=submit]")
    author.wait_for_load_state("networkidle")
    resource = Resource.objects.get(title=TITLE)
    assert resource.status == Resource.Status.DRAFT
    author.click(f"form[action$='{reverse('library:submit', args=[resource.pk])}'] button")
    author.wait_for_load_state("networkidle")
    resource.refresh_from_db()
    assert resource.status == Resource.Status.SUBMITTED

    # 2. the curator (the directorate) publishes it
    curator = watch(page_factory())
    log_in(curator, base, users["directorate"].username, prefix)
    curator.goto(base + prefix + reverse("library:detail", args=[resource.pk]))
    curator.click(f"form[action$='{reverse('library:publish', args=[resource.pk])}'] button")
    curator.wait_for_load_state("networkidle")
    resource.refresh_from_db()
    assert resource.status == Resource.Status.PUBLISHED

    # 3. a trainer of district 12 types another spelling into the community's search
    finder = watch(page_factory(390, 844))  # on a phone
    log_in(finder, base, lib.pool.t12.user.username, prefix)
    finder.goto(base + prefix + reverse("community:search"))
    finder.fill("#q", TYPED)
    wait_until(finder, "document.querySelectorAll('#results mark').length >= 2")
    link = finder.locator("#results a", has_text="بهداشت دهان")
    assert link.count() == 1
    assert "<mark>" in link.inner_html()
    shot(finder, f"community-search-{lang}-phone")
    link.click()
    finder.wait_for_load_state("networkidle")
    assert TITLE in finder.inner_text("main")
    finder.click("button[name=stars][value='5']")
    finder.wait_for_load_state("networkidle")
    assert Rating.objects.get(resource=resource, user=lib.pool.t12.user).stars == 5
    finder.select_option("#use-session", str(lib.others.pk))
    finder.click(f"form[action$='{reverse('library:use', args=[resource.pk])}'] button")
    finder.wait_for_load_state("networkidle")
    assert Use.objects.filter(resource=resource, session=lib.others).exists()

    # 4. the directorate sees the contribution of district 6, and on the trainer's record
    curator.goto(base + prefix + reverse("community:overview"))
    table = curator.inner_text("#contributions-table")
    six = "منطقه ۶" if lang == "fa" else "منطقه 6"  # a page's digits follow its language
    row = next(line for line in table.splitlines() if line.startswith(six))
    assert ("۲" if lang == "fa" else "2") in row  # two resources of t6 published
    assert TITLE in curator.inner_text("main")  # among the most reused
    shot(curator, f"community-overview-{lang}-desktop")
    curator.goto(base + prefix + lib.pool.t6.get_absolute_url())
    panel = curator.inner_text("#contributions")
    assert ("۲" in panel) if lang == "fa" else ("2" in panel)  # two published resources
    assert refused == []
