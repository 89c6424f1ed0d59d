from django.contrib import admin

from plans.models import Plan, Section


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["parent", "position", "heading", "lead_phrase", "show_count"]
    autocomplete_fields = ["parent"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "year", "kind", "status", "updated_at"]
    list_filter = ["year", "kind", "status", "committee"]
    list_select_related = ["committee"]
    search_fields = ["title", "document_number"]
    autocomplete_fields = ["committee"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "parent", "position", "show_count"]
    list_filter = ["plan"]
    list_select_related = ["plan", "parent"]
    search_fields = ["heading", "lead_phrase", "body"]
    autocomplete_fields = ["plan", "parent"]
