"""Base models shared by every capability."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStampedModel):
    """A row owned by one municipality (the tenant). Every tenant row carries it."""

    municipality = models.ForeignKey(
        "org.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
        db_index=True,
    )

    class Meta:
        abstract = True
