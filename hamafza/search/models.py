"""The index of the one search: one row per thing a person can find (a published resource, an
experience report, a question), written by the capability that owns the thing in the same
transaction as the thing itself (``services.put``/``services.drop``).

The row keeps the text as typed (``title``, ``body``: what the results show and highlight) and
its folded token stream (``title_key``, ``body_key``: what the engine matches), and the facets the
results are filtered and sorted by. The full-text index over the folded columns belongs to each
database's own engine and is created by the migration: an FTS5 table kept by triggers on SQLite,
a generated ``tsvector`` column with a GIN index (and a trigram index) on PostgreSQL."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.catalogue.models import Domain, Lesson, Program
from hamafza.core.models import TenantModel
from hamafza.core.scoping import ALL, NOTHING
from hamafza.org.models import District


class SearchDocument(TenantModel):
    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    title_key = models.TextField(editable=False, default="")
    body_key = models.TextField(editable=False, default="")
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    audience = models.CharField(_("audience"), max_length=20, blank=True)
    resource_kind = models.CharField(_("resource kind"), max_length=20, blank=True)
    licence = models.CharField(_("licence"), max_length=12, blank=True)
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    shared = models.BooleanField(
        _("offered to every municipality"),
        default=False,
        help_text=_("Read-only in every other municipality on the platform, credited."),
    )
    used = models.PositiveIntegerField(_("times used"), default=0)
    published_at = models.DateTimeField(_("published"))

    class Scoping:
        # what a person may find is what the capability published to the whole municipality;
        # the index holds nothing else (drafts, hidden questions are never put in it)
        district = ALL
        school = ALL
        agency = ALL
        trainer = ALL
        person = NOTHING

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_one_row_per_thing")
        ]
        indexes = [
            models.Index(fields=["municipality", "-published_at"]),
            models.Index(fields=["shared", "-published_at"]),
        ]

    def __str__(self):
        return self.title
