"""Printable course certificates: a Persian PDF (WeasyPrint) with a verification code and QR."""

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=1)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def verification_url(request, certificate) -> str:
    return request.build_absolute_uri(
        reverse("verify_certificate", args=[certificate.verification_code])
    )


def certificate_pdf(request, certificate) -> bytes:
    from weasyprint import HTML

    font = finders.find("vendor/fonts/Vazirmatn-Regular.woff2")
    font_bold = finders.find("vendor/fonts/Vazirmatn-Bold.woff2")
    url = verification_url(request, certificate)
    with translation.override("fa"):
        html = render_to_string(
            "trainers/certificate_pdf.html",
            {
                "c": certificate,
                "qr": qr_svg(url),
                "url": url,
                "font": f"file://{font}",
                "font_bold": f"file://{font_bold}",
                "issuer": certificate.issuer,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
