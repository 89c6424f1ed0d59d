"""How a plan words who takes part and who organises, from plain values.

These functions take already-loaded values and never query, so the editor,
the print preview and the PDF all print the same words.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

LIST_SEPARATOR = "、"
CLAUSE_SEPARATOR = "，"


class ParticipantKind(models.TextChoices):
    LEADER = "leader", _("Leader or office holder")
    UNIT = "unit", _("Government unit")
    LOCAL_GOVERNMENT = "local_gov", _("Lower-level governments")
    MEMBERS = "members", _("Members")
    EXPERTS = "experts", _("Experts")
    PARTIES = "parties", _("Parties and groups")
    SECTOR = "sector", _("Sector")
    OTHER = "other", _("Other")


# Government participants come first as one clause, CPPCC participants second:
# 市政府分管副市长、市发改委等单位负责同志，部分政协委员、智库专家
GOVERNMENT_SIDE = {ParticipantKind.LEADER, ParticipantKind.UNIT, ParticipantKind.LOCAL_GOVERNMENT}


@dataclass(frozen=True)
class ParticipantEntry:
    kind: str
    text: str = ""
    member_names: Sequence[str] = field(default_factory=tuple)

    def words(self) -> str:
        """This entry alone; units and sectors are worded by their group instead."""
        if self.kind == ParticipantKind.MEMBERS and self.member_names:
            return LIST_SEPARATOR.join(self.member_names) + "委员"
        return self.text


def participants_wording(entries: Sequence[ParticipantEntry]) -> str:
    """The 参加人员 line, worded as a Chinese official document does."""
    government = [entry for entry in entries if entry.kind in GOVERNMENT_SIDE]
    cppcc = [entry for entry in entries if entry.kind not in GOVERNMENT_SIDE]
    clauses = [_government_clause(government), _cppcc_clause(cppcc)]
    return CLAUSE_SEPARATOR.join(clause for clause in clauses if clause)


def _government_clause(entries: Sequence[ParticipantEntry]) -> str:
    leaders = [entry.text for entry in entries if entry.kind == ParticipantKind.LEADER]
    units = [entry.text for entry in entries if entry.kind == ParticipantKind.UNIT]
    local = [entry.text for entry in entries if entry.kind == ParticipantKind.LOCAL_GOVERNMENT]
    parts = list(leaders)
    if units or local:
        # 市林业局、市水利局等单位和有关县区政府负责同志
        bodies = ""
        if units:
            bodies = LIST_SEPARATOR.join(units) + "等单位"
        if local:
            bodies += ("和" if bodies else "") + LIST_SEPARATOR.join(local)
        parts.append(bodies + "负责同志")
    return LIST_SEPARATOR.join(parts)


def _cppcc_clause(entries: Sequence[ParticipantEntry]) -> str:
    parts: list[str] = []
    sectors: list[str] = []
    for entry in entries:
        if entry.kind == ParticipantKind.SECTOR:
            sectors.append(entry.text)
            continue
        if sectors:
            parts.append(_sector_words(sectors))
            sectors = []
        parts.append(entry.words())
    if sectors:
        parts.append(_sector_words(sectors))
    return LIST_SEPARATOR.join(part for part in parts if part)


def _sector_words(sectors: Sequence[str]) -> str:
    # Neighbouring sectors share one ending: 经济界、教育界委员
    return LIST_SEPARATOR.join(sectors) + "委员"


@dataclass(frozen=True)
class OrganizerName:
    """An organising body as printed: its committee's prefix (市政协) and its own name."""

    prefix: str
    name: str


def organizers_wording(lead: OrganizerName | None, joint: Sequence[OrganizerName]) -> str:
    """The 组织实施 line: 由市政协调研室、农业和农村委员会联合组织实施.

    The committee prefix is printed once and repeated only when the next body
    belongs to another committee.
    """
    bodies = ([lead] if lead else []) + list(joint)
    if not bodies:
        return ""
    names, previous_prefix = [], None
    for body in bodies:
        names.append(body.name if body.prefix == previous_prefix else body.prefix + body.name)
        previous_prefix = body.prefix
    together = "联合" if len(bodies) > 1 else ""
    return f"由{LIST_SEPARATOR.join(names)}{together}组织实施"
