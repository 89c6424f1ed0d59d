"""The audit log page, for administrators."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.filters import EventFilter
from audit.permissions import check_audit_access
from audit.selectors import audit_events

EVENTS_PER_PAGE = 50


@login_required
@require_GET
def event_list(request):
    check_audit_access(request.user)
    filterset = EventFilter(request.GET, queryset=audit_events())
    page = Paginator(filterset.qs, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"filter": filterset, "page": page})
