"""Rollups of delivery facts, kept in the same transaction as the fact (``rollups.py``), so that
plan-vs-actual is read from a few small rows whatever the size of the history.

- ``Contribution``: what one session currently adds to the buckets (its keys and measures);
- ``Rollup``: a bucket per district × domain × agency × program × Jalali month;
- ``SchoolRollup``: a bucket per school × domain × Jalali month (for school contacts, and as the
  reach counter of the school);
- ``SchoolFirstReach`` / ``ReachRollup``: schools reached are a distinct count, so each
  (school, domain, Jalali year) is counted once, in the month it was first reached (a delivered
  or verified session), and ``ReachRollup`` adds those up per district × domain × month.

Keys are plain integers (0 for "none"), not foreign keys: rollups are derived data, rebuilt by
``rebuild_rollups``, and never block the deletion of a fact."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.core.scoping import ALL, BY_DISTRICT, NOTHING

MEASURES = ("planned", "delivered", "verified", "cancelled", "participants", "registrations")


class Contribution(models.Model):
    session_id = models.IntegerField(primary_key=True)
    municipality_id = models.IntegerField()
    district_id = models.IntegerField()
    domain_id = models.IntegerField()
    agency_id = models.IntegerField()
    program_id = models.IntegerField()
    school_id = models.IntegerField()
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    planned = models.IntegerField(default=0)
    delivered = models.IntegerField(default=0)
    verified = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)
    participants = models.IntegerField(default=0)
    registrations = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("session contribution")
        verbose_name_plural = _("session contributions")

    def __str__(self):
        return f"session {self.session_id}"


class Rollup(models.Model):
    municipality_id = models.IntegerField()
    district_id = models.IntegerField()
    domain_id = models.IntegerField()
    agency_id = models.IntegerField()
    program_id = models.IntegerField()
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    planned = models.IntegerField(default=0)
    delivered = models.IntegerField(default=0)
    verified = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)
    participants = models.IntegerField(default=0)
    registrations = models.IntegerField(default=0)

    class Scoping:
        municipality = "municipality"
        district = "district_id"
        school = BY_DISTRICT
        agency = "agency_id"  # the bucket's agency: the plan line's, else the domain's owner
        trainer = NOTHING  # a trainer's figures come from their sessions' contributions
        person = NOTHING

    class Meta:
        verbose_name = _("delivery rollup")
        verbose_name_plural = _("delivery rollups")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "municipality_id",
                    "year",
                    "month",
                    "district_id",
                    "domain_id",
                    "agency_id",
                    "program_id",
                ],
                name="rollup_bucket_unique",
            )
        ]

    def __str__(self):
        return f"{self.district_id}/{self.domain_id} {self.year}-{self.month}"


class SchoolRollup(models.Model):
    municipality_id = models.IntegerField()
    school_id = models.IntegerField()
    district_id = models.IntegerField()
    domain_id = models.IntegerField()
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    planned = models.IntegerField(default=0)
    delivered = models.IntegerField(default=0)
    verified = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)
    participants = models.IntegerField(default=0)
    registrations = models.IntegerField(default=0)

    class Scoping:
        municipality = "municipality"
        district = "district_id"
        school = "school_id"
        agency = ALL  # monitoring.selectors narrows it to the domains the agency owns
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("school rollup")
        verbose_name_plural = _("school rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["school_id", "domain_id", "year", "month", "district_id"],
                name="school_rollup_bucket_unique",
            )
        ]
        indexes = [
            models.Index(fields=["municipality_id", "year", "month"], name="school_rollup_when")
        ]

    def __str__(self):
        return f"{self.school_id}/{self.domain_id} {self.year}-{self.month}"


class SchoolFirstReach(models.Model):
    """The month a school was first reached in a domain and Jalali year (0: not reached)."""

    municipality_id = models.IntegerField()
    school_id = models.IntegerField()
    district_id = models.IntegerField()
    domain_id = models.IntegerField()
    year = models.SmallIntegerField()
    month = models.SmallIntegerField(default=0)

    class Scoping:
        municipality = "municipality"
        district = "district_id"
        school = "school_id"
        agency = ALL  # monitoring.selectors narrows it to the domains the agency owns
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("first reach of a school")
        verbose_name_plural = _("first reaches of schools")
        constraints = [
            models.UniqueConstraint(
                fields=["school_id", "domain_id", "year", "district_id"],
                name="first_reach_unique",
            )
        ]
        indexes = [
            models.Index(fields=["municipality_id", "year", "month"], name="first_reach_when")
        ]

    def __str__(self):
        return f"{self.school_id}/{self.domain_id} {self.year}-{self.month}"


class ReachRollup(models.Model):
    municipality_id = models.IntegerField()
    district_id = models.IntegerField()
    domain_id = models.IntegerField()
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    schools = models.IntegerField(default=0)

    class Scoping:
        municipality = "municipality"
        district = "district_id"
        school = BY_DISTRICT
        agency = ALL  # monitoring.selectors narrows it to the domains the agency owns
        trainer = NOTHING
        person = NOTHING

    class Meta:
        verbose_name = _("schools reached rollup")
        verbose_name_plural = _("schools reached rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_id", "year", "month", "district_id", "domain_id"],
                name="reach_rollup_bucket_unique",
            )
        ]

    def __str__(self):
        return f"{self.district_id}/{self.domain_id} {self.year}-{self.month}"
