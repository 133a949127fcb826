"""Certificates about to expire: the trainer hears a month ahead (once per certificate and expiry
date), so they can renew before the expiry blocks their assignments."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.core import jalali
from hamafza.notifications import kinds
from hamafza.notifications.services import notify
from hamafza.trainers.models import Certificate

AHEAD_DAYS = 30


def remind_expiring_certificates(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    expiring = Certificate.objects.filter(
        status=Certificate.Status.VERIFIED,
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=AHEAD_DAYS),
        trainer__user__isnull=False,
    ).select_related("trainer", "domain")
    told = 0
    for certificate in expiring.iterator(chunk_size=200):
        told += len(
            notify(
                recipients=[certificate.trainer.user_id],
                kind=kinds.CERTIFICATE_EXPIRING,
                title=_("Your %(domain)s certificate expires on %(day)s"),
                body=_(
                    "Upload the renewed certificate before then; after it expires you cannot be "
                    "assigned sessions in %(domain)s."
                ),  # fmt: skip
                link=certificate.trainer.get_absolute_url(),
                municipality_id=certificate.municipality_id,
                context={
                    "domain": str(certificate.domain),
                    "day": jalali.format_date(certificate.expires_on),
                },
                key=f"certificate-expiring:{certificate.pk}:{certificate.expires_on:%Y%m%d}",
            )
        )
    return told
