"""`field__in=[…]` on integer columns with values no column can hold.

Django drops the query for `field=9223372036854775808` (an exact lookup outside the
column's range matches nothing), but passes the same value in an `in` list to the
database driver, and SQLite's then raises OverflowError: a server error for anyone
who posts a huge id to a multiple-choice field or filter. These lookups keep only
the values inside the column's range, as the exact lookup does, so such a value
matches nothing and a form says the choice is not valid.
"""

from django.db import models
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


class InRangeMixin:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = _integer_range(self.lhs.output_field, connection)
            self.rhs = [value for value in self.rhs if _within(value, low, high)]
        return super().process_rhs(compiler, connection)


class IntegerFieldIn(InRangeMixin, In):
    pass


class ForeignKeyIn(InRangeMixin, RelatedIn):
    pass


def _integer_range(field, connection) -> tuple[int | None, int | None]:
    field = getattr(field, "target_field", field)  # a foreign key holds its target's values
    try:
        return connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # not an integer column (a UUID key, text)
        return None, None


def _within(value, low, high) -> bool:
    if not isinstance(value, int):
        return True  # expressions and None: the database decides
    return (low is None or value >= low) and (high is None or value <= high)


def register() -> None:
    # Primary keys are integer fields too, so this covers `pk__in` of the choice fields.
    models.IntegerField.register_lookup(IntegerFieldIn)
    models.ForeignObject.register_lookup(ForeignKeyIn)
