"""The organisation: committees and their bodies, sectors, members, staff logins."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CommitteeLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    STREET = "street", _("Street")


class CommitteeKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee body")
    OFFICE = "office", _("Office")
    SPECIAL_COMMITTEE = "special", _("Special committee")
    WORK_GROUP = "work_group", _("Work group")
    LIAISON_STATION = "liaison", _("Liaison station")


class Committee(models.Model):
    """A CPPCC committee body or one of its internal bodies (office, special committee …)."""

    Level = CommitteeLevel

    Kind = CommitteeKind

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(
        _("short name"),
        max_length=50,
        blank=True,
        help_text=_("Used in print, e.g. 市政协 for 政协××市委员会."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        # Top-level committees first on every database (SQLite sorts NULLs first,
        # PostgreSQL last).
        ordering = [models.F("parent_id").asc(nulls_first=True), "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=Q(parent__isnull=False),
                name="committee_unique_position_in_parent",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(parent__isnull=False),
                name="committee_unique_name_in_parent",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="committee_unique_top_level_name",
            ),
            models.CheckConstraint(
                condition=Q(level__in=CommitteeLevel.values), name="committee_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CommitteeKind.values), name="committee_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="committee_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_body(self) -> bool:
        return self.kind in {self.Kind.COMMITTEE, self.Kind.WORK_GROUP, self.Kind.LIAISON_STATION}

    @property
    def print_prefix(self) -> str:
        """What stands before this body's name in print: its committee's short name.

        An internal body prints as 市政协调研室 (its parent 市政协 + 调研室); a
        committee body prints by its own short name. Needs `parent` loaded.
        """
        if self.kind in {self.Kind.OFFICE, self.Kind.SPECIAL_COMMITTEE} and self.parent:
            return self.parent.short_name or self.parent.name
        return ""

    @property
    def print_name(self) -> str:
        """The name as it stands in print, without its committee's prefix."""
        if self.kind in {self.Kind.OFFICE, self.Kind.SPECIAL_COMMITTEE}:
            return self.name
        return self.short_name or self.name


class Sector(models.Model):
    """A sector (界别) that members are elected from."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveIntegerField(_("position"), unique=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="sector_name_not_empty"),
        ]

    def __str__(self):
        return self.name


class Party(models.TextChoices):
    CPC = "cpc", _("Communist Party of China")
    RCCK = "rcck", _("Revolutionary Committee of the Kuomintang")
    CDL = "cdl", _("China Democratic League")
    CDNCA = "cdnca", _("China National Democratic Construction Association")
    CAPD = "capd", _("China Association for Promoting Democracy")
    CPWDP = "cpwdp", _("Chinese Peasants' and Workers' Democratic Party")
    CZGD = "czgd", _("China Zhi Gong Party")
    JS = "js", _("Jiusan Society")
    TDSGL = "tdsgl", _("Taiwan Democratic Self-Government League")
    NONE = "none", _("No party affiliation")
    MASSES = "masses", _("The masses")


class Member(models.Model):
    """A committee member (委员)."""

    Party = Party

    name = models.CharField(_("name"), max_length=50)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="members"
    )
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    title = models.CharField(
        _("position and title"),
        max_length=200,
        blank=True,
        help_text=_("Work unit and post, e.g. 河洛市第一中学校长."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="member_name_not_empty"),
            models.CheckConstraint(condition=Q(party__in=Party.values), name="member_party_valid"),
        ]

    def __str__(self):
        return self.name


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    SECRETARY_GENERAL = "secretary_general", _("Secretary general")
    STANDING_MEMBER = "standing", _("Standing committee member")
    DIRECTOR = "director", _("Director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A member's seat in a committee or special committee, with a role."""

    Role = MembershipRole

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="memberships"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["committee_id", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "committee"], name="membership_unique_member_committee"
            ),
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return str(self.get_role_display())


class StaffRoleKind(models.TextChoices):
    EDITOR = "editor", _("Editor")
    LEADER = "leader", _("Reviewing leader")
    VIEWER = "viewer", _("Viewer")


class StaffRole(models.Model):
    """Which committee a login works for and what it may do there.

    A role on a committee also covers the bodies below it. Administrators are
    Django staff users and need no StaffRole.
    """

    Role = StaffRoleKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_roles",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="staff_roles",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        ordering = ["user_id", "committee_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee"], name="staffrole_unique_user_committee"
            ),
            models.CheckConstraint(
                condition=Q(role__in=StaffRoleKind.values), name="staffrole_role_valid"
            ),
        ]

    def __str__(self):
        return str(self.get_role_display())
