"""What the parser takes and gives: plain values, no database rows."""

import datetime
from dataclasses import dataclass, field, replace

from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.schedule import Schedule

# The database's limits (tests/importing/test_parser.py checks they still match).
TITLE_MAX = 200
DOCUMENT_NUMBER_MAX = 50
HEADING_MAX = 200
LEAD_PHRASE_MAX = 100
TOPIC_MAX = 200
EVENT_MAX = 200
PARTICIPANT_TEXT_MAX = 200
COMMITTEE_NAME_MAX = 100
MAX_DEPTH = 4


class LineRole(models.TextChoices):
    """What a source line became."""

    BLANK = "blank", _("Blank")
    JUNK = "junk", _("Removed (not part of the plan)")
    OUTSIDE = "outside", _("Another document")
    SEPARATOR = "separator", _("Document marker")
    TITLE = "title", _("Title")
    ISSUER = "issuer", _("Issuing body")
    DOCUMENT_NUMBER = "document_number", _("Document number")
    ISSUE_DATE = "issue_date", _("Date of issue")
    PREAMBLE = "preamble", _("Preamble")
    HEADING = "heading", _("Heading")
    LEAD = "lead", _("Item with lead phrase")
    PARAGRAPH = "paragraph", _("Paragraph")
    ACTIVITY = "activity", _("Activity")
    FIELD = "field", _("Activity field")
    ACTIVITY_TEXT = "activity_text", _("Activity text")
    APPENDIX = "appendix", _("Appendix table (made from the activities)")


class Override(models.TextChoices):
    """What the user says a line is, overriding the parser."""

    AUTO = "auto", _("Automatic")
    HEADING_1 = "h1", _("Heading, level 1")
    HEADING_2 = "h2", _("Heading, level 2")
    HEADING_3 = "h3", _("Heading, level 3")
    HEADING_4 = "h4", _("Heading, level 4")
    ACTIVITY = "activity", _("Activity topic")
    PARAGRAPH = "paragraph", _("Paragraph")
    JUNK = "junk", _("Remove")
    TITLE = "title", _("Plan title")


HEADING_OVERRIDES = {
    Override.HEADING_1: 1,
    Override.HEADING_2: 2,
    Override.HEADING_3: 3,
    Override.HEADING_4: 4,
}


@dataclass(frozen=True)
class CommitteeName:
    """A body that may organise activities, as the parser needs to know it."""

    key: int  # the committee's primary key, opaque to the parser
    name: str
    short_name: str = ""
    prefix: str = ""  # what it prints after, e.g. 市政协 for 调研室
    depth: int = 0  # 0 for the plan's committee, 1 for its bodies …


@dataclass(frozen=True)
class TypeName:
    name: str
    content_label: str = "主要内容"


@dataclass
class Vocabulary:
    """Names the parser matches against: organizers, activity types, sectors."""

    committees: list[CommitteeName] = field(default_factory=list)
    types: list[TypeName] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)


@dataclass
class ParseOptions:
    kind: str = ""  # a PlanKind value; empty: guess
    year: int | None = None  # for dates in schedules; None: the year found in the text
    remove_junk: bool = True
    convert_traditional: bool = True
    overrides: dict[int, str] = field(default_factory=dict)  # line index -> Override
    document: int = 1  # which document, when the text holds several (篇1, 篇2 …)


@dataclass
class LineMark:
    index: int
    source: str  # the line as it came
    text: str  # the line as the parser read it (cleaned, perhaps converted)
    role: str = ""  # a LineRole once placed
    level: int | None = None
    target: str = ""  # the label of the section or activity it went into
    note: str = ""
    override: str = ""

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass
class OrganizerRef:
    name: str  # as written, without the committee prefix
    key: int | None = None  # CommitteeName.key when matched
    printed: str = ""  # prefix + name when matched


@dataclass
class ParsedParticipant:
    kind: str  # plans.wording.ParticipantKind
    text: str
    sector: str = ""  # a Sector name for sector entries


@dataclass
class ParsedActivity:
    topic: str
    line: int
    type_name: str = ""
    type_reason: str = ""
    content: str = ""
    schedule: Schedule = field(default_factory=Schedule)
    schedule_text: str = ""  # as written after 时间安排
    schedule_parsed: bool = True
    participants: list[ParsedParticipant] = field(default_factory=list)
    participants_text: str = ""
    lead: OrganizerRef | None = None
    joint: list[OrganizerRef] = field(default_factory=list)
    organizers_text: str = ""
    targets: list[str] = field(default_factory=list)
    label: str = ""  # printed number, for the preview

    def translate(self, table: dict) -> None:
        for name in ("topic", "content", "schedule_text", "participants_text", "organizers_text"):
            setattr(self, name, getattr(self, name).translate(table))
        self.targets = [text.translate(table) for text in self.targets]
        for entry in self.participants:
            entry.text = entry.text.translate(table)
        for ref in [self.lead, *self.joint]:
            if ref is not None and ref.key is None:
                ref.name = ref.name.translate(table)
        if self.schedule.event:
            self.schedule = replace(self.schedule, event=self.schedule.event.translate(table))


@dataclass
class ParsedSection:
    line: int | None
    level: int
    heading: str = ""
    lead_phrase: str = ""
    paragraphs: list[str] = field(default_factory=list)
    declared_count: int | None = None
    type_name: str = ""
    activities: list[ParsedActivity] = field(default_factory=list)
    children: list["ParsedSection"] = field(default_factory=list)
    label: str = ""

    @property
    def show_count(self) -> bool:
        return self.declared_count is not None

    @property
    def activity_count(self) -> int:
        return len(self.activities) + sum(child.activity_count for child in self.children)


@dataclass
class DocumentRange:
    number: int
    start: int  # first line index after its marker
    end: int  # one past its last line
    name: str


@dataclass
class ParsedPlan:
    lines: list[LineMark]
    title: str = ""
    year: int | None = None
    kind: str = ""
    kind_guessed: bool = True
    issuer: str = ""
    document_number: str = ""
    issue_date: datetime.date | None = None
    preamble: list[str] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: list[DocumentRange] = field(default_factory=list)
    traditional: bool = False  # most of the text was in traditional characters
    converted: bool = False  # … and was converted to simplified
    continuous_numbering: bool = False
    content_labels: dict[str, str] = field(default_factory=dict)  # filled by the preview

    def walk_sections(self):
        """Every section, depth first, in document order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))

    @property
    def activities(self) -> list[ParsedActivity]:
        return [activity for section in self.walk_sections() for activity in section.activities]

    @property
    def junk_lines(self) -> list[LineMark]:
        return [mark for mark in self.lines if mark.role == LineRole.JUNK]

    def translate(self, table: dict) -> None:
        """Translate every text (names matched to committees stay as they are)."""
        self.title = self.title.translate(table)
        self.issuer = self.issuer.translate(table)
        self.preamble = [text.translate(table) for text in self.preamble]
        for section in self.walk_sections():
            section.heading = section.heading.translate(table)
            section.lead_phrase = section.lead_phrase.translate(table)
            section.paragraphs = [text.translate(table) for text in section.paragraphs]
            for activity in section.activities:
                activity.translate(table)

    @property
    def unknown_organizers(self) -> list[str]:
        """Organizer names no committee matched, in order of first use."""
        names: dict[str, None] = {}
        for activity in self.activities:
            for ref in [activity.lead, *activity.joint]:
                if ref is not None and ref.key is None:
                    names.setdefault(ref.name)
        return list(names)
