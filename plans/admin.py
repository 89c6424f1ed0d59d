from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from plans.holidays import HOLIDAY, NOTICE_MAX, parse_notice
from plans.models import YEAR_MAX, YEAR_MIN, OfficialDay, Plan, Section


class NoDeleteMixin:
    """Deleting goes through the app, which keeps what it deletes in the trash (trash/).

    A delete here would bypass it: nothing to restore, only the change history.
    """

    def has_delete_permission(self, request, obj=None):
        return False


class SectionInline(NoDeleteMixin, admin.TabularInline):
    model = Section
    fields = ["parent", "position", "heading", "lead_phrase", "show_count"]
    autocomplete_fields = ["parent"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["title", "committee", "year", "kind", "status", "updated_at"]
    list_filter = ["year", "kind", "status", "committee"]
    list_select_related = ["committee"]
    search_fields = ["title", "document_number"]
    autocomplete_fields = ["committee"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "parent", "position", "show_count"]
    list_filter = ["plan"]
    list_select_related = ["plan", "parent"]
    search_fields = ["heading", "lead_phrase", "body"]
    autocomplete_fields = ["plan", "parent"]


class NoticeForm(forms.Form):
    """The State Council's holiday notice for a year, pasted as text."""

    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    text = forms.CharField(
        label=_("Text of the notice"),
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
        max_length=NOTICE_MAX,
        help_text=_("Paste the lines “一、元旦：…放假…上班。” and so on; the rest is ignored."),
    )

    def clean(self):
        data = super().clean()
        if "year" in data and "text" in data:
            try:
                data["days"] = parse_notice(data["text"], data["year"])
            except ValidationError as error:
                self.add_error("text", error)
        return data


@admin.register(OfficialDay)
class OfficialDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    change_list_template = "admin/plans/officialday/change_list.html"

    def get_urls(self):
        paste = self.admin_site.admin_view(self.paste_notice)
        return [path("paste/", paste, name="plans_officialday_paste"), *super().get_urls()]

    def paste_notice(self, request):
        """Replace a year's days with those of the pasted notice."""
        if not self.has_add_permission(request) or not self.has_delete_permission(request):
            raise PermissionDenied
        form = NoticeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            year, days = form.cleaned_data["year"], form.cleaned_data["days"]
            replace_year(year, days)
            holidays = sum(1 for _day, kind, _name in days if kind == HOLIDAY)
            message = _("%(year)d: %(holidays)d days off and %(workdays)d working days entered.")
            counts = {"year": year, "holidays": holidays, "workdays": len(days) - holidays}
            self.message_user(request, message % counts, messages.SUCCESS)
            return redirect("admin:plans_officialday_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Paste the holiday notice"),
        }
        return render(request, "admin/plans/officialday/paste.html", context)


@transaction.atomic
def replace_year(year: int, days) -> None:
    """The year's entered days become `days` (date, kind, name).

    A notice can reach into the year before (元旦 from 12月31日): those days are
    replaced too, so pasting the same notice twice cannot clash on a date.
    """
    dates = [day for day, _kind, _name in days]
    OfficialDay.objects.filter(Q(date__year=year) | Q(date__in=dates)).delete()
    OfficialDay.objects.bulk_create(
        OfficialDay(date=day, kind=kind, name=name) for day, kind, name in days
    )
