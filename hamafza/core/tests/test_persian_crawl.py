"""The Persian-digit crawl: every demo role (and an anonymous visitor) walks every page reachable
from the menu, in Persian and in English, over the seeded demo. In Persian no Latin digit, Latin
percent sign or English word may show outside elements marked ``dir="ltr"``; in English no
Persian digit may. New pages are covered as soon as a menu or a page links to them.

The demo is seeded once for the module, inside a transaction rolled back at the end."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from hamafza.core.tests.crawl import crawl, findings_in, visible_text
from hamafza.org.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

USERNAMES = [account[0] for account in DEMO_ACCOUNTS]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        user = get_user_model().objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        client.force_login(user)
    return client


@pytest.mark.crawl
@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("username", [*USERNAMES, None], ids=[*USERNAMES, "anonymous"])
def test_every_page_speaks_the_page_language(demo, db, username, lang):
    start = ("/",) if username else ("/", "/accounts/login/", "/sessions/public/")
    result = crawl(_client(username), lang, start=start)
    assert not result.errors, result.errors
    assert len(result.pages) >= (5 if username else 2), result.pages
    findings = sorted({str(f) for f in result.findings})
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings[:60])


# ---- the crawler itself must see what a person sees (so the crawl above can fail) ----------


def test_crawler_reads_visible_text_and_skips_ltr_codes_and_scripts():
    html = (
        '<p>۲ جلسه از 3</p><span dir="ltr">tehran.d6 09121234567</span>'
        "<script>var x = 12;</script><input type=text inputmode=numeric value='1405'>"
        '<input type="hidden" value="99"><a href="/x/1/">بیشتر</a><textarea>15</textarea>'
        '<input name="address" value="پلاک 8">'
    )
    chunks, links = visible_text(html)
    assert "۲ جلسه از 3" in chunks and "1405" in chunks
    assert not any("tehran" in c or "12;" in c or c in {"99", "15", "پلاک 8"} for c in chunks)
    assert links == ["/x/1/"]
    assert findings_in("۲ جلسه از 3", "fa") == ["latin digit"]
    assert findings_in("۷۱%", "fa") == ["latin %"]
    assert findings_in("سطح Level", "fa") == ["english: Level"]
    assert findings_in("خروجی PDF", "fa") == []
    assert findings_in("3 sessions, ۴ left", "en") == ["persian digit"]
    # an English page is dir="ltr" as a whole; its text is still read
    chunks, _links = visible_text(
        '<html lang="en" dir="ltr"><body><p>۴ left</p></body></html>', "en"
    )
    assert chunks == ["۴ left"]
