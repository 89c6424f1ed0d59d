from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from organisation.models import Committee, Member, Membership, Sector, StaffRole


class ChildCommitteeInline(admin.TabularInline):
    model = Committee
    fk_name = "parent"
    fields = ["position", "name", "short_name", "level", "kind"]
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["member", "committee"]
    extra = 0


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    autocomplete_fields = ["committee", "user"]
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "kind", "parent", "position"]
    list_filter = ["level", "kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    inlines = [ChildCommitteeInline, MembershipInline, StaffRoleInline]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "party", "title", "is_active"]
    list_filter = ["is_active", "party", "sector"]
    list_select_related = ["sector"]
    search_fields = ["name", "title"]
    inlines = [MembershipInline]


# Logins are set up on the user page together with the committees they work for.
User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffRoleInline]
