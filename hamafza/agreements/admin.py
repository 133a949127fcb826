from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamafza.agreements.models import Agreement, Clause, Commitment, Evidence, Party


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0


class ClauseInline(admin.TabularInline):
    model = Clause
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("title", "municipality", "status", "starts_on", "ends_on")
    list_filter = ("status", "municipality")
    inlines = [PartyInline, ClauseInline]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ("description", "agreement", "party", "target_kind", "recurrence", "due_on")
    list_filter = ("target_kind", "recurrence")


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ("description", "commitment", "done_on", "recorded_by")
