from django.contrib import admin

from reviews.models import Comment, PlanRevision, Transition, Version


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["plan", "action", "from_status", "to_status", "user", "created_at"]
    list_filter = ["action"]
    list_select_related = ["plan", "user"]
    search_fields = ["plan__title", "comment"]
    # The record of who did what stays as it happened.
    readonly_fields = [
        "plan",
        "action",
        "from_status",
        "to_status",
        "user",
        "created_at",
        "comment",
        "version",
    ]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "status", "created_by", "created_at"]
    list_select_related = ["plan", "created_by"]
    search_fields = ["name", "plan__title"]
    readonly_fields = ["plan", "status", "snapshot", "created_by", "created_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "author", "created_at", "resolved_at"]
    list_select_related = ["plan", "author"]
    search_fields = ["text", "plan__title"]
    raw_id_fields = ["plan", "section", "activity", "author", "resolved_by"]


@admin.register(PlanRevision)
class PlanRevisionAdmin(admin.ModelAdmin):
    list_display = ["plan", "source", "created_by", "created_at"]
    list_select_related = ["plan", "source", "created_by"]
    raw_id_fields = ["plan", "source", "created_by"]
