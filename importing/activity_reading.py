"""Reading activities out of a part's lines: labelled fields, topics, run-in items.

`ActivityReading` is a part of the parser (`importing.parser._Parser`): it uses
the marks, corrections, names and year of `ParseState`, and its `_mark`, `_warn`
and `_fields`; `section_reading` hands it the blocks and lines that are activities.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from importing import fields as F
from importing.blocks import Block, block_lines
from importing.labels import split_label
from importing.parse_state import ParseState
from importing.parsed import TOPIC_MAX, LineRole, Override, ParsedActivity, ParsedSection
from importing.sentences import CLAUSE_END, SENTENCE_END, split_run_in, targets_in
from importing.types import fallback_type, keyword_type, type_from_heading, type_from_label

UNTITLED_TOPIC_MAX = 40


@dataclass
class CollectedActivity:
    """An activity while its lines are collected."""

    topic_index: int | None
    field_lines: list[tuple[int, F.FieldLine]] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return any(line.field == name for _, line in self.field_lines)


class ActivityReading(ParseState):
    """The parser's methods that make activities."""

    def _segment(
        self, indices: list[int], section: ParsedSection, *, type_name: str, untitled: bool
    ) -> list[int]:
        """Split body lines into paragraphs (returned) and activities (added to `section`).

        A line right before a field that begins an activity (its content, or a field
        the open activity already has) is the next activity's topic. `untitled`: a
        field with no topic line before it still opens an activity.
        """
        out: list = []
        current: CollectedActivity | None = None
        last_field = ""
        for position, index in enumerate(indices):
            override = self.overrides.get(index)
            lines = [] if override == Override.PARAGRAPH else self._fields(index)
            if override == Override.ACTIVITY:
                current, last_field = self._open(out, index), ""
            elif lines and _opens(lines[0], current):
                own_topic = lines[0].field in {F.Field.TOPIC, F.Field.FORM}
                topic = None if own_topic else self._take_topic(out)
                if topic is None and not own_topic and not untitled:
                    current = None
                    out.append(index)
                    continue
                current = self._open(out, topic)
                current.field_lines.extend((index, line) for line in lines)
                last_field = lines[-1].field
            elif lines:
                current.field_lines.extend((index, line) for line in lines)
                last_field = lines[-1].field
            elif _begins(self._next_fields(indices, position), current):
                current, last_field = self._open(out, index), ""
            elif current is not None and last_field == F.Field.CONTENT:
                current.extra.append(index)
            else:
                current = None
                out.append(index)
        for item in out:
            if isinstance(item, CollectedActivity):
                section.activities.append(self._field_activity(item, type_name))
        return [item for item in out if isinstance(item, int)]

    def _open(self, out: list, topic_index: int | None) -> CollectedActivity:
        activity = CollectedActivity(topic_index=topic_index)
        out.append(activity)
        return activity

    def _take_topic(self, out: list) -> int | None:
        """The paragraph just before a field, if it reads like a topic."""
        if out and isinstance(out[-1], int):
            text = self.marks[out[-1]].text
            if len(text) <= TOPIC_MAX and not text.endswith(("：", ":")):
                return out.pop()
        return None

    def _next_fields(self, indices: list[int], position: int) -> list[F.FieldLine]:
        if position + 1 >= len(indices):
            return []
        following = indices[position + 1]
        if self.overrides.get(following) == Override.PARAGRAPH:
            return []
        return self._fields(following)

    def _block_activity(self, block: Block, type_name: str) -> ParsedActivity:
        """A numbered item followed by its labelled fields; other lines join its content."""
        collected = CollectedActivity(topic_index=block.index)
        for index in block.body:
            lines = [] if self.overrides.get(index) == Override.PARAGRAPH else self._fields(index)
            if lines:
                collected.field_lines.extend((index, line) for line in lines)
            else:
                collected.extra.append(index)
        activity = self._field_activity(collected, type_name, head_text=block.text)
        extra = self._child_texts(block)
        if extra:
            activity.content = "\n".join(filter(None, [activity.content, *extra]))
        return activity

    def _child_texts(self, block: Block) -> list[str]:
        """Numbered lines inside an activity are part of its content, labels kept."""
        texts = []
        for child in block.children:
            for index in block_lines(child):
                texts.append(self.marks[index].text)
                self._mark(index, LineRole.ACTIVITY_TEXT)
        return texts

    def _field_activity(
        self, item: CollectedActivity, type_name: str, head_text: str = ""
    ) -> ParsedActivity:
        topic_line = item.topic_index
        topic = head_text
        if topic_line is not None and not head_text:
            topic = self.marks[topic_line].text
            if self.overrides.get(topic_line) == Override.ACTIVITY:
                topic = split_label(topic)[1] or topic
        activity = ParsedActivity(topic=topic, line=topic_line)
        label_type = ""
        contents: list[str] = []
        named = next(
            (line.value for _, line in item.field_lines if line.field == F.Field.TOPIC), ""
        )
        if named and topic and not head_text:
            contents.append(topic)  # a line before 议题：… is text of the activity
            activity.topic = ""
        for index, line in item.field_lines:
            label_type = self._apply_field(activity, line, contents) or label_type
            self._mark(index, LineRole.FIELD, note=line.label)
        contents += [self.marks[index].text for index in item.extra]
        for index in item.extra:
            self._mark(index, LineRole.ACTIVITY_TEXT)
        activity.content = "\n".join(filter(None, contents))
        if activity.line is None:
            activity.line = next((index for index, _ in item.field_lines), None)
        self._fix_topic(activity)
        if not activity.type_name:
            self._set_type(activity, type_name, label_type)
        activity.targets = targets_in(activity.content) + activity.targets
        if topic_line is not None:
            self._mark(topic_line, LineRole.ACTIVITY_TEXT if named else LineRole.ACTIVITY)
        return activity

    def _apply_field(self, activity: ParsedActivity, line: F.FieldLine, contents: list[str]) -> str:
        """Fill one labelled field; returns the type a content label suggests."""
        value = line.value
        match line.field:
            case F.Field.TOPIC:
                activity.topic = activity.topic or value
            case F.Field.FORM:
                found = type_from_heading(value, self.types)
                if found:
                    activity.type_name, activity.type_reason = found, _("from its form field")
                else:
                    activity.targets.append(f"{line.label}：{value}")
            case F.Field.CONTENT:
                contents.append(value)
                return type_from_label(line.label, self.types)
            case F.Field.TIME:
                self._read_time(activity, value)
            case F.Field.PARTICIPANTS:
                activity.participants_text = value
                activity.participants = F.read_participants(value, self.vocabulary.sectors)
                if not activity.participants and value:
                    activity.targets.append(f"{line.label}：{value}")
            case F.Field.ORGANIZERS:
                activity.organizers_text = value
                activity.lead, activity.joint = F.read_organizers(value, self.vocabulary.committees)
            case _:
                activity.targets.append(
                    value if line.field == F.Field.TARGETS else f"{line.label}：{value}"
                )
        return ""

    def _read_time(self, activity: ParsedActivity, value: str) -> None:
        activity.schedule_text = value
        found = F.read_schedule(value, year=self.year)
        if found is None:
            activity.schedule_parsed = False
            if value:
                activity.targets.append(f"时间安排：{value}")
            return
        activity.schedule = found.schedule
        if not found.exact:
            activity.targets.append(f"时间安排：{value}")

    def _fix_topic(self, activity: ParsedActivity) -> None:
        topic = activity.topic.strip()
        if not topic:
            clause = re.split(f"[{SENTENCE_END}{CLAUSE_END}]", activity.content, maxsplit=1)[0]
            topic = clause[:UNTITLED_TOPIC_MAX] or _("(untitled activity)")
            self._warn(activity.line, _("An activity without a topic was named after its content."))
        if len(topic) > TOPIC_MAX:
            activity.content = "\n".join(filter(None, [topic, activity.content]))
            topic = topic[:TOPIC_MAX]
        activity.topic = topic

    def _set_type(self, activity: ParsedActivity, group_type: str, label_type: str) -> None:
        if group_type:
            activity.type_name, activity.type_reason = group_type, _("from its group heading")
        elif label_type:
            activity.type_name, activity.type_reason = label_type, _("from its content label")
        else:
            words = f"{activity.topic}\n{activity.content}"
            found = keyword_type(words, self.types)
            activity.type_name = found or fallback_type(self.types)
            activity.type_reason = _("guessed from its words") if found else _("default type")

    def _run_in_activity(self, block: Block, type_name: str, heading: str) -> ParsedActivity:
        """A numbered item written as one paragraph: its lead phrase, then its text."""
        topic, content = split_run_in(block.text)
        activity = ParsedActivity(topic=topic, line=block.index)
        paragraphs = [content] if content else []
        for index in block.body:
            paragraphs.append(self.marks[index].text)
            self._mark(index, LineRole.ACTIVITY_TEXT)
        paragraphs += self._child_texts(block)
        activity.content = "\n".join(paragraphs)
        self._fix_topic(activity)
        # The item's own words first, then its part's heading, then its text.
        for found, reason in [
            (keyword_type(activity.topic, self.types), _("guessed from its words")),
            (type_name, _("from its group heading")),
            (keyword_type(heading, self.types), _("guessed from its part's heading")),
            (keyword_type(activity.content, self.types), _("guessed from its words")),
            (fallback_type(self.types), _("default type")),
        ]:
            if found:
                activity.type_name, activity.type_reason = found, reason
                break
        words = f"{activity.topic}\n{activity.content}"
        schedule = F.schedule_in_text(words)
        if schedule is not None:
            activity.schedule = schedule
            activity.schedule_text = schedule.wording()
        activity.targets = targets_in(activity.content)
        self._mark(block.index, LineRole.ACTIVITY)
        return activity


def _opens(line: F.FieldLine, current: CollectedActivity | None) -> bool:
    """Whether a field line begins a new activity rather than continuing the open one."""
    if current is None or current.has(line.field):
        return True
    if line.field in {F.Field.TOPIC, F.Field.FORM}:
        # 协商形式 / 议题 lead an activity: after other fields they begin the next one.
        return any(
            other.field not in {F.Field.TOPIC, F.Field.FORM} for _, other in current.field_lines
        )
    return False


def _begins(next_fields: list[F.FieldLine], current: CollectedActivity | None) -> bool:
    """Whether a plain line followed by `next_fields` is the topic of a new activity."""
    if not next_fields or next_fields[0].field in {F.Field.TOPIC, F.Field.FORM}:
        return False  # the activity names its own topic
    if current is None:
        return True
    return next_fields[0].field == F.Field.CONTENT or current.has(next_fields[0].field)
