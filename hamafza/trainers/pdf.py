"""Printable course certificates: a Persian PDF (WeasyPrint) with a verification code and QR."""

from django.urls import reverse

from hamafza.core.pdf import render_pdf
from hamafza.core.qr import qr_svg


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
