from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language_bidi


def hamafza(request):
    return {
        "is_rtl": get_language_bidi(),
        "scope": getattr(request, "scope", None),
        "now": timezone.now(),
        "languages": settings.LANGUAGES,
    }
