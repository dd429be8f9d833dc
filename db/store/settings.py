"""Library settings that travel with the file (the `setting` table): read and written here."""

from __future__ import annotations

import sqlalchemy as sa

from db.engine import Library
from db.errors import ValidationError
from db.models import Setting, table_of
from db.queries.evidence_flags import LATE_SETTING

_SETTING = table_of(Setting)
LATE_DAYS_RANGE = (1, 100 * 365)


def set_setting(lib: Library, key: str, value: str) -> str | None:
    """Store one setting; return its previous value (None if it was unset), for undo."""
    with lib.write() as conn:
        before = conn.execute(sa.select(_SETTING.c.value).where(_SETTING.c.key == key)).scalar()
        if before is None:
            conn.execute(sa.insert(_SETTING).values(key=key, value=value))
        else:
            conn.execute(sa.update(_SETTING).where(_SETTING.c.key == key).values(value=value))
    return before


def check_late_report_days(days: int) -> None:
    """Refuse a late-report threshold outside LATE_DAYS_RANGE."""
    low, high = LATE_DAYS_RANGE
    if not isinstance(days, int) or not low <= days <= high:
        raise ValidationError(f"The late-report threshold is {low} to {high} days, not {days!r}.")


def set_late_report_days(lib: Library, days: int) -> str | None:
    """Set how many days after an event a first report counts as late (default 365)."""
    check_late_report_days(days)
    return set_setting(lib, LATE_SETTING, str(days))
