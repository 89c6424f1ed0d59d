from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from activities.models import (
    Activity,
    ActivityType,
    JointOrganizer,
    Participant,
)
from plans.admin import NoDeleteMixin


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "content_label", "position"]
    list_editable = ["position"]
    list_filter = ["category"]
    search_fields = ["name"]


class JointOrganizerInline(admin.TabularInline):
    model = JointOrganizer
    autocomplete_fields = ["committee"]
    extra = 0


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["position", "kind", "text", "sector", "members"]
    autocomplete_fields = ["sector", "members"]
    extra = 0


@admin.register(Activity)
class ActivityAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["topic", "type", "plan", "time", "lead_organizer", "status"]
    list_filter = ["status", "type", "schedule_kind", "section__plan__year"]
    list_select_related = ["type", "section__plan", "lead_organizer"]
    search_fields = ["topic", "content"]
    autocomplete_fields = ["section", "lead_organizer"]
    inlines = [JointOrganizerInline, ParticipantInline]
    fieldsets = [
        (None, {"fields": ["section", "position", "type", "topic", "content", "status"]}),
        (
            _("Time"),
            {
                "fields": [
                    "schedule_kind",
                    ("month", "end_month"),
                    ("quarter", "half", "recurrence"),
                    ("start_date", "end_date"),
                    "event",
                ]
            },
        ),
        (_("Organizers and targets"), {"fields": ["lead_organizer", "targets"]}),
    ]

    @admin.display(description=_("plan"))
    def plan(self, activity):
        return activity.section.plan

    @admin.display(description=_("time"))
    def time(self, activity):
        return activity.schedule_wording()
