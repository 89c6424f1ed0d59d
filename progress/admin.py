from django.contrib import admin

from progress.models import ActivityRecord, Attachment, Attendance, Outcome, SummaryNarrative


@admin.register(ActivityRecord)
class ActivityRecordAdmin(admin.ModelAdmin):
    list_display = ["activity", "held_on", "held_until", "updated_at"]
    raw_id_fields = ["activity"]
    readonly_fields = ["updated_by"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["activity", "member"]
    raw_id_fields = ["activity", "member"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["activity", "kind", "title", "quantity", "adopted", "by_whom", "date"]
    list_filter = ["kind"]
    raw_id_fields = ["activity"]
    autocomplete_fields = ["members"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    # Files are added through the activity's progress page, which checks them.
    list_display = ["name", "kind", "size", "activity", "uploaded_at"]
    readonly_fields = ["activity", "file", "name", "kind", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SummaryNarrative)
class SummaryNarrativeAdmin(admin.ModelAdmin):
    list_display = ["committee", "year", "period", "updated_at"]
    list_filter = ["year", "period"]
    readonly_fields = ["updated_by"]
