"""The trash page: what was deleted in the user's committees, to restore or purge."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.models import Event
from audit.services import record_event
from core.views import report_invalid
from organisation.permissions import committee_scope
from plans.models import Plan
from trash.permissions import get_trash_item_for, visible_trash
from trash.services import purge_item, restore_item

ITEMS_PER_PAGE = 50


@login_required
@require_GET
def trash_list(request):
    items = visible_trash(request.user).select_related("committee", "deleted_by").defer("data")
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    scope = committee_scope(request.user)
    page.object_list = list(page.object_list)
    for item in page.object_list:
        item.can_restore = scope.can_edit(item.committee_id)
    return render(request, "trash/trash_list.html", {"page": page, "is_admin": scope.is_admin})


@login_required
@require_POST
def restore(request, pk):
    item = get_trash_item_for(request.user, pk, for_edit=True)
    try:
        restored = restore_item(item=item)
    except ValidationError as error:
        report_invalid(request, error)
        return redirect("trash:list")
    messages.success(request, _("“%(name)s” was restored.") % {"name": item.label})
    if isinstance(restored, Plan):
        return redirect(restored)
    anchor = f"{restored._meta.model_name}-{restored.pk}"
    return redirect(reverse("editor:detail", args=[item.plan_id]) + f"#{anchor}")


@login_required
@require_POST
def purge(request, pk):
    item = get_trash_item_for(request.user, pk, for_purge=True)
    purge_item(item=item, user=request.user)
    record_event(
        kind=Event.Kind.PURGE, request=request, user=request.user, status=200, detail=item.label
    )
    messages.success(request, _("“%(name)s” was deleted for good.") % {"name": item.label})
    return redirect("trash:list")
