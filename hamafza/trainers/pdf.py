"""Printable course certificates: a Persian PDF (WeasyPrint) with a verification code and QR."""

import io

import qrcode
import qrcode.image.svg
from django.urls import reverse

from hamafza.core.pdf import render_pdf


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
    url = verification_url(request, certificate)
    return render_pdf(
        "trainers/certificate_pdf.html",
        {"c": certificate, "qr": qr_svg(url), "url": url, "issuer": certificate.issuer},
    )
