"""Response middleware of the shared kernel."""

from hamafza.core.l10n import localize_html


class LocalizeMiddleware:
    """Every HTML page and htmx partial leaves through ``core.l10n.localize_html``: numbers in
    the text a person reads follow the page's language (Persian digits, ٪ and ٫ in fa; Latin in
    en, with Persian runs isolated by ``<bdi>``). Attributes, form values and whatever is marked
    ``dir="ltr"`` are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.get("Content-Encoding")
        ):
            return response
        lang = getattr(request, "LANGUAGE_CODE", None)
        charset = response.charset or "utf-8"
        html = response.content.decode(charset, "replace")
        response.content = localize_html(html, lang=lang).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
