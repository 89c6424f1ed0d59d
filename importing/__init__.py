"""Import plans from Word documents (.docx) and plain text (docs/import.md).

The parser (`parse_text`) is pure: lines in, a parsed outline out, every source
line marked with what it became. It reads no database: what it needs to know
about committees and activity types comes in as a `Vocabulary`. Reading files
is `readers`, turning a parsed outline into a draft plan is `save`.
"""

from importing.parsed import ParsedPlan, ParseOptions, Vocabulary
from importing.parser import parse_text

__all__ = ["ParseOptions", "ParsedPlan", "Vocabulary", "parse_text"]
