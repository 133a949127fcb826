from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamafza.sessions.models import Holiday, Session


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "municipality"]
    list_filter = ["municipality"]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["lesson", "district", "starts_at", "status", "municipality"]
    list_filter = ["municipality", "status"]
    raw_id_fields = ["lesson", "version", "school", "venue", "trainers"]
