from django.contrib import admin

from calendars.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "scope", "plan", "committee", "member", "revoked_at"]
    list_filter = ["scope"]
    list_select_related = ["owner", "plan", "committee", "member"]
    raw_id_fields = ["owner", "plan", "committee", "member"]
    # The token is the key to the feed: shown, never typed in.
    readonly_fields = ["token", "created_at"]
