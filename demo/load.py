"""Build the demo organisation, logins and plans from `demo.data` and `demo.plans`.

Every step looks its object up by a natural key before creating it, so a
second run finds everything in place and changes nothing.
"""

import datetime
import itertools
from importlib import import_module

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.db import transaction

from activities.models import Activity, ActivityType, JointOrganizer, Participant
from demo import data, plans
from demo.progress import load_progress_demo
from organisation.models import Committee, Member, Membership, Sector, StaffRole
from plans.models import Plan, Section


@transaction.atomic
def load_demo() -> dict[str, Committee]:
    """Create whatever of the demo is missing; return the city and county committees."""
    # The types come with a migration; put them back if the tables were flushed
    # since (as transactional tests do), from the same list.
    import_module("activities.migrations.0002_seed_activity_types").seed(django_apps, None)
    committees = _load_committees()
    sectors = _load_sectors()
    _load_members(committees, sectors)
    _load_logins(committees)
    _load_plan(committees["city"], plans.CITY_PLAN, sectors)
    _load_plan(committees["county"], plans.COUNTY_PLAN, sectors)
    # The first half of the year carried out, so the dashboard and summaries show figures.
    load_progress_demo(committees, data.DEMO_YEAR)
    return committees


def _committee(parent, position, name, kind, level, short_name="") -> Committee:
    committee, _ = Committee.objects.get_or_create(
        parent=parent,
        name=name,
        defaults={"kind": kind, "level": level, "short_name": short_name, "position": position},
    )
    return committee


def _load_committees() -> dict[str, Committee]:
    city = _committee(None, 1, data.CITY["name"], "committee", "city", data.CITY["short_name"])
    county = _committee(
        city, 100, data.COUNTY["name"], "committee", "county", data.COUNTY["short_name"]
    )
    _committee(county, 100, data.TOWNSHIP_GROUP["name"], "work_group", "township")
    bodies = {"city": city, "county": county}
    internal = [(city, "city", data.CITY_BODIES), (county, "county", data.COUNTY_BODIES)]
    for parent, key, rows in internal:
        for position, (name, kind) in enumerate(rows, start=1):
            bodies[f"{key}:{name}"] = _committee(parent, position, name, kind, parent.level)
    return bodies


def _load_sectors() -> dict[str, Sector]:
    return {
        name: Sector.objects.get_or_create(name=name, defaults={"position": position})[0]
        for position, name in enumerate(data.SECTORS, start=1)
    }


def _load_members(committees, sectors) -> None:
    special = [
        committee
        for key, committee in committees.items()
        if key.startswith("city:") and committee.kind == Committee.Kind.SPECIAL_COMMITTEE
    ]
    other_parties = itertools.cycle(data.OTHER_PARTIES)
    for index, name in enumerate(data.MEMBER_NAMES):
        sector_name = data.SECTORS[index % len(data.SECTORS)]
        member, _ = Member.objects.get_or_create(
            name=name,
            defaults={
                "sector": sectors[sector_name],
                "party": data.SECTOR_PARTY.get(sector_name) or next(other_parties),
                "title": data.MEMBER_TITLES[index % len(data.MEMBER_TITLES)],
            },
        )
        body = committees["county"] if index in data.COUNTY_MEMBERS else committees["city"]
        usual_role = "standing" if index in data.STANDING_MEMBERS else "member"
        role = data.BODY_ROLES.get(index, usual_role)
        Membership.objects.get_or_create(member=member, committee=body, defaults={"role": role})
        if body == committees["city"]:
            # Each special committee gets a director, a deputy and members in turn.
            seat = special[index % len(special)]
            turn = index // len(special)
            seat_role = ["director", "deputy_director"][turn] if turn < 2 else "member"
            Membership.objects.get_or_create(
                member=member, committee=seat, defaults={"role": seat_role}
            )


def _load_logins(committees) -> None:
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(data.DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    for username, (committee_key, role) in data.LOGINS.items():
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        StaffRole.objects.get_or_create(
            user=user, committee=committees[committee_key], defaults={"role": role}
        )


def _load_plan(committee: Committee, spec: dict, sectors) -> Plan:
    plan, created = Plan.objects.get_or_create(
        committee=committee,
        year=data.DEMO_YEAR,
        title=spec["title"],
        defaults={
            "kind": spec["kind"],
            "document_number": spec["document_number"],
            "issue_date": _date(spec["issue_date"]),
            "status": spec["status"],
            "preamble": spec["preamble"],
        },
    )
    if created:
        bodies = {body.name: body for body in committee.children.all()}
        types = {activity_type.name: activity_type for activity_type in ActivityType.objects.all()}
        context = {"plan": plan, "bodies": bodies, "types": types, "sectors": sectors}
        for position, section_spec in enumerate(spec["sections"], start=1):
            _add_section(section_spec, None, position, context)
    return plan


def _add_section(spec: dict, parent: Section | None, position: int, context) -> None:
    section = Section.objects.create(
        plan=context["plan"],
        parent=parent,
        position=position,
        heading=spec.get("heading", ""),
        lead_phrase=spec.get("lead_phrase", ""),
        body=spec.get("body", ""),
        show_count=spec.get("show_count", False),
    )
    for index, activity_spec in enumerate(spec.get("activities", []), start=1):
        type_name = activity_spec.get("type", spec.get("type"))
        _add_activity(activity_spec, section, index, context["types"][type_name], context)
    for index, child_spec in enumerate(spec.get("children", []), start=1):
        _add_section(child_spec, section, index, context)


def _add_activity(spec: dict, section: Section, position: int, activity_type, context) -> None:
    bodies = context["bodies"]
    activity = Activity(
        section=section,
        position=position,
        type=activity_type,
        topic=spec["topic"],
        content=spec["content"],
        lead_organizer=bodies[spec["lead"]],
        targets=spec.get("targets", ""),
        **_schedule_fields(spec["schedule"]),
    )
    activity.full_clean()
    activity.save()
    for index, name in enumerate(spec.get("joint", []), start=1):
        JointOrganizer.objects.create(activity=activity, committee=bodies[name], position=index)
    for index, (kind, text) in enumerate(spec.get("participants", []), start=1):
        if kind == "sector":
            Participant.objects.create(
                activity=activity, position=index, kind=kind, sector=context["sectors"][text]
            )
        else:
            Participant.objects.create(activity=activity, position=index, kind=kind, text=text)


def _schedule_fields(spec: dict) -> dict:
    fields = {"schedule_kind": spec["kind"]}
    for key in ("month", "end_month", "quarter", "half", "recurrence", "event"):
        if key in spec:
            fields[key] = spec[key]
    if "date" in spec:
        fields["start_date"] = _date(spec["date"])
    if "start" in spec:
        fields["start_date"], fields["end_date"] = _date(spec["start"]), _date(spec["end"])
    return fields


def _date(parts) -> datetime.date | None:
    return datetime.date(*parts) if parts else None
