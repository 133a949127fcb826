"""The minutes (صورتجلسه) as a Persian PDF (WeasyPrint) with the attendees' signature block."""

from hamafza.core.pdf import render_pdf
from hamafza.meetings import selectors


def minutes_pdf(meeting) -> bytes:
    page = selectors.meeting_page(meeting=meeting)
    return render_pdf(
        "meetings/minutes_pdf.html",
        {
            "meeting": meeting,
            **page,
            "present": [i for i in page["invitees"] if i.present],
            "absent": [i for i in page["invitees"] if not i.present],
        },
    )
