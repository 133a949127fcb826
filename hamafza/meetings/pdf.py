"""The minutes (صورتجلسه) as a Persian PDF (WeasyPrint) with the attendees' signature block."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from hamafza.meetings import selectors


def minutes_pdf(meeting) -> bytes:
    from weasyprint import HTML

    font = finders.find("vendor/fonts/Vazirmatn-Regular.woff2")
    font_bold = finders.find("vendor/fonts/Vazirmatn-Bold.woff2")
    page = selectors.meeting_page(meeting=meeting)
    with translation.override("fa"):
        html = render_to_string(
            "meetings/minutes_pdf.html",
            {
                "meeting": meeting,
                **page,
                "present": [i for i in page["invitees"] if i.present],
                "absent": [i for i in page["invitees"] if not i.present],
                "font": f"file://{font}",
                "font_bold": f"file://{font_bold}",
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
