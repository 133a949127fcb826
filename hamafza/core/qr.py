"""The one QR maker: a QR code as inline SVG, for pages (check-in, survey and test links) and PDFs
(course certificates). Vector, so it prints sharp and needs no image file."""

import io

import qrcode
import qrcode.image.svg


def qr_svg(text: str) -> str:
    """``text`` (a link) as an ``<svg>`` element, without the XML declaration."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=1)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]
