from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamafza.camps.models import Camp, CampParticipant, CampSession, CampStaff


class ParticipantInline(admin.TabularInline):
    model = CampParticipant
    extra = 0
    raw_id_fields = ["school", "consent_recorded_by"]
    fields = [
        "full_name",
        "school",
        "grade",
        "gender",
        "guardian_name",
        "guardian_mobile",
        "status",
        "consent_given_at",
        "consent_method",
        "consent_recorded_by",
    ]


class StaffInline(admin.TabularInline):
    model = CampStaff
    extra = 0
    raw_id_fields = ["trainer", "user"]


class ProgrammeInline(admin.TabularInline):
    model = CampSession
    extra = 0
    raw_id_fields = ["session"]


@admin.register(Camp)
class CampAdmin(SimpleHistoryAdmin):
    list_display = ["title", "district", "start_date", "end_date", "status", "municipality"]
    list_filter = ["municipality", "status"]
    search_fields = ["title", "place"]
    raw_id_fields = ["district", "venue"]
    inlines = [ProgrammeInline, StaffInline, ParticipantInline]


@admin.register(CampParticipant)
class CampParticipantAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "camp", "school", "grade", "status", "consent_given_at"]
    list_filter = ["municipality", "status", "consent_method"]
    search_fields = ["full_name", "guardian_name", "guardian_mobile"]
    raw_id_fields = ["camp", "school", "consent_recorded_by"]
