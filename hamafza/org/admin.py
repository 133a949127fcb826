from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamafza.org.models import (
    Agency,
    District,
    Membership,
    Municipality,
    Neighbourhood,
    School,
    Venue,
)


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["name", "number", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "district", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name"]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "district", "stage", "gender", "municipality"]
    list_filter = ["municipality", "stage", "gender"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["district", "neighbourhood"]


@admin.register(Venue)
class VenueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "district", "municipality"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "municipality", "district", "agency", "school", "is_active"]
    list_filter = ["municipality", "role", "is_active"]
    search_fields = ["user__username", "user__mobile"]
    autocomplete_fields = ["user", "district", "agency", "school"]
