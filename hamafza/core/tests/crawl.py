"""A crawler of the running site that reads visible text the way a person does and reports what
does not belong in the page's language.

In ``fa`` a finding is a Latin digit, a Latin percent sign or an English word in visible text; in
``en`` it is a Persian or Arabic-Indic digit in visible text. Text inside an element marked
``dir="ltr"`` (codes, mobiles, URLs, e-mail addresses), ``<script>``/``<style>``/``<code>`` and
what a person is editing (``<textarea>``, the value of a free-text input: their own text, shown
as they typed it) is not read; placeholders, titles, option labels and the values of number
inputs (``inputmode`` numeric or decimal) are, since the app wrote them. Pages are found by following links from the menu, breadth first, so a new page
is covered as soon as something links to it.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

LATIN_DIGIT = re.compile(r"[0-9]")
LATIN_PERCENT = re.compile(r"%")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
PERSIAN_DIGIT = re.compile(r"[۰-۹٠-٩]")
# Acronyms and product names a Persian reader sees in Latin letters on any Persian site.
# File formats are named by their Latin names on Persian sites too (".xlsx", "JPEG").
ALLOWED_LATIN = {"PDF", "QR", "SMS", "CSV", "API", "Parquet", "ZIP", "JPEG", "PNG", "WebP", "xlsx"}

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
TEXT_INPUTS = {"text", "search", "", "number", "tel", "email", "url"}
SKIP_HREF = re.compile(
    r"logout|delete|/export|download|\.(pdf|xlsx|csv|zip|ics|png|jpe?g)(\?|$)|/i18n/|/admin/|/api/|/media/"
    r"|/static/|/healthz|set_language|[?&](format|export)=|/pdf|/print|/qr|/file"
)


class _VisibleText(HTMLParser):
    """Collects (text, where) pairs of what is visible, outside ``dir="ltr"`` subtrees."""

    def __init__(self, lang: str = "fa"):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden-or-ltr)
        self.chunks: list[str] = []
        self.links: list[str] = []

    @property
    def muted(self) -> bool:
        return any(m for _t, m in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        mute = (
            tag in {"script", "style", "template", "svg", "noscript", "code", "pre", "textarea"}
            # the page's own direction is not a mark (an English page is dir="ltr" as a whole)
            or (tag not in {"html", "body"} and (a.get("dir") or "").lower() == "ltr")
            or "hidden" in a
            or a.get("aria-hidden") == "true"
            # a word in its own language, marked so (the language switcher's "English")
            or (tag != "html" and a.get("lang") and not a["lang"].startswith(self.lang))
        )
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "input" and not self.muted and not mute:
            kind = (a.get("type") or "").lower()
            if kind in TEXT_INPUTS:
                if a.get("placeholder"):
                    self.chunks.append(a["placeholder"])
                numeric = a.get("inputmode") in {"numeric", "decimal"} or kind == "number"
                if a.get("value") and numeric:
                    self.chunks.append(a["value"])
            elif kind in {"submit", "button"} and a.get("value"):
                self.chunks.append(a["value"])
        if not self.muted and not mute:
            for attr in ("placeholder", "title", "aria-label"):
                if tag != "input" and a.get(attr):
                    self.chunks.append(a[attr])
        if tag not in VOID:
            self.stack.append((tag, mute))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self.muted and data.strip():
            self.chunks.append(data)


def visible_text(html: str, lang: str = "fa") -> tuple[list[str], list[str]]:
    parser = _VisibleText(lang)
    parser.feed(html)
    parser.close()
    return parser.chunks, parser.links


def findings_in(text: str, lang: str) -> list[str]:
    found = []
    if lang == "fa":
        if LATIN_DIGIT.search(text):
            found.append("latin digit")
        if LATIN_PERCENT.search(text):
            found.append("latin %")
        words = [w for w in ENGLISH_WORD.findall(text) if w not in ALLOWED_LATIN]
        if words:
            found.append("english: " + " ".join(words[:4]))
    elif PERSIAN_DIGIT.search(text):
        found.append("persian digit")
    return found


@dataclass
class Finding:
    url: str
    kind: str
    text: str

    def __str__(self):
        return f"{self.url}: {self.kind}: {self.text.strip()[:120]!r}"


@dataclass
class CrawlResult:
    pages: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _pattern_of(path: str) -> str:
    """One key per kind of page: numbers and tokens replaced, so a list of 300 trainers is
    read through one or two of them, not all."""
    path = re.sub(r"/\d+(?=/|$)", "/N", path.split("?")[0])
    return re.sub(r"/[A-Za-z0-9_:-]{20,}(?=/|$)", "/T", path)


def crawl(
    client, lang: str, *, start=("/",), per_pattern: int = 2, limit: int = 400
) -> CrawlResult:
    """Visit pages from ``start`` and every same-site link on them, breadth first. ``client`` is a
    Django test client already logged in (or not)."""
    prefix = "/en" if lang == "en" else ""
    result = CrawlResult()
    seen: set[str] = set()
    per: dict[str, int] = {}
    queue = deque(prefix + s if prefix and not s.startswith("/en/") else s for s in start)
    while queue and len(result.pages) < limit:
        url = queue.popleft()
        url = urldefrag(url)[0]
        if url in seen:
            continue
        seen.add(url)
        key = _pattern_of(url)
        if per.get(key, 0) >= per_pattern:
            continue
        per[key] = per.get(key, 0) + 1
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and target not in seen:
                queue.appendleft(target)
            continue
        if response.status_code >= 500:
            result.errors.append(f"{url}: {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        result.pages.append(url)
        html = response.content.decode("utf-8", "replace")
        chunks, links = visible_text(html, lang)
        for chunk in chunks:
            for kind in findings_in(chunk, lang):
                result.findings.append(Finding(url, kind, chunk))
        for href in links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP_HREF.search(href):
                continue
            if lang == "en" and not href.startswith("/en/"):
                continue
            if lang == "fa" and href.startswith("/en/"):
                continue
            if href not in seen:
                queue.append(href)
    return result
