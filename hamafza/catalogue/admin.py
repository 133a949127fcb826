from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamafza.catalogue.models import Domain, Lesson, Material, Program, ProgramVersion, Question


@admin.register(Domain)
class DomainAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "owner_agency", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name", "code"]


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "domain", "audience", "status", "municipality"]
    list_filter = ["municipality", "status", "audience", "domain"]
    search_fields = ["title", "code"]
    readonly_fields = ["current_version"]


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    fields = ["order", "title", "minutes", "objectives", "plan"]


@admin.register(ProgramVersion)
class ProgramVersionAdmin(SimpleHistoryAdmin):
    list_display = ["program", "number", "status", "published_at", "municipality"]
    list_filter = ["municipality", "status"]
    search_fields = ["program__title", "program__code"]
    readonly_fields = ["status", "published_at", "published_by", "created_by"]
    inlines = [LessonInline]

    def get_inlines(self, request, obj):
        # A published version is frozen; its lessons are shown on the site, not edited here.
        return [] if obj is not None and not obj.is_draft else self.inlines


@admin.register(Lesson)
class LessonAdmin(SimpleHistoryAdmin):
    list_display = ["title", "order", "version", "minutes", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["title", "version__program__title"]


@admin.register(Material)
class MaterialAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "version", "lesson", "content_type", "size"]
    list_filter = ["municipality", "kind"]
    search_fields = ["title"]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "program", "is_active", "municipality"]
    list_filter = ["municipality", "is_active"]
    search_fields = ["text", "program__title"]
