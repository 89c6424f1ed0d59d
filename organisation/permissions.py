"""Which committees a login may read and which it may change.

A StaffRole on a committee covers that committee and every body below it.
Administrators (Django staff users) may do everything everywhere.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from core.shortcuts import get_or_404
from organisation.models import Committee, StaffRole


@dataclass(frozen=True)
class CommitteeScope:
    """The committees a user may read, change and review (as a leader), as sets of ids."""

    is_admin: bool = False
    readable: frozenset[int] = field(default_factory=frozenset)
    editable: frozenset[int] = field(default_factory=frozenset)
    reviewable: frozenset[int] = field(default_factory=frozenset)

    def can_read(self, committee_id: int) -> bool:
        return self.is_admin or committee_id in self.readable

    def can_edit(self, committee_id: int) -> bool:
        return self.is_admin or committee_id in self.editable

    def can_review(self, committee_id: int) -> bool:
        """Return, approve and issue the committee's plans (reviews.services)."""
        return self.is_admin or committee_id in self.reviewable


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def committee_scope(user) -> CommitteeScope:
    """The user's scope, computed once per request (two queries) and kept on the user."""
    cached = getattr(user, "_committee_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    if user.is_authenticated:
        user._committee_scope = scope
    return scope


def _compute_scope(user) -> CommitteeScope:
    if not user.is_authenticated or not user.is_active:
        return CommitteeScope()
    if is_admin(user):
        return CommitteeScope(is_admin=True)
    roles = list(StaffRole.objects.filter(user=user).values_list("committee_id", "role"))
    if not roles:
        return CommitteeScope()
    # The committee tree is small (hundreds of bodies): one query, walked in memory.
    children = defaultdict(list)
    for pk, parent_id in Committee.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    readable, editable, reviewable = set(), set(), set()
    for committee_id, role in roles:
        below = _self_and_descendants(committee_id, children)
        readable |= below
        if role == StaffRole.Role.EDITOR:
            editable |= below
        elif role == StaffRole.Role.LEADER:
            reviewable |= below
    return CommitteeScope(
        readable=frozenset(readable),
        editable=frozenset(editable),
        reviewable=frozenset(reviewable),
    )


def _self_and_descendants(root: int, children: dict[int | None, list[int]]) -> set[int]:
    found, stack = set(), [root]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children[pk])
    return found


def editable_committees(user):
    """Committees the user may write plans for, for choice fields."""
    scope = committee_scope(user)
    committees = Committee.objects.select_related("parent")
    if scope.is_admin:
        return committees
    return committees.filter(pk__in=scope.editable)


def get_committee_for(user, pk: int) -> Committee:
    """The committee if the user may read it; 404 otherwise, so its existence does not leak."""
    if not committee_scope(user).can_read(pk):
        raise Http404(_("No such committee."))
    return get_or_404(Committee.objects.all(), _("No such committee."), pk=pk)
