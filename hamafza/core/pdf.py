"""The one way a PDF is made: a template rendered in a language with the Vazirmatn font served
from static, its text through the page finisher (``core.l10n.localize_html``: Persian digits, ٪
and ٫ in fa), then WeasyPrint."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from hamafza.core.l10n import localize_html


def render_pdf(template: str, context: dict, *, language: str = "fa") -> bytes:
    from weasyprint import HTML  # lazy: slow to load, and only PDF views need it

    font = finders.find("vendor/fonts/Vazirmatn-Regular.woff2")
    font_bold = finders.find("vendor/fonts/Vazirmatn-Bold.woff2")
    with translation.override(language):
        html = render_to_string(
            template,
            {**context, "font": f"file://{font}", "font_bold": f"file://{font_bold}",
             "rtl": language == "fa"},
        )  # fmt: skip
    html = localize_html(html, lang=language)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
