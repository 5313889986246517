"""When the next reminder is due: frequencies and quiet hours, in the configured time zone (pure)."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

FREQUENCIES = {"weekly": timedelta(days=7), "biweekly": timedelta(days=14), "monthly": timedelta(days=30)}
OFF = "off"
QUIET_FROM = time(22, 0)   # no reminder from 22:00 ...
QUIET_UNTIL = time(8, 0)   # ... until 08:00, local time


def quiet(moment: datetime, tz: ZoneInfo) -> bool:
    """True between 22:00 and 08:00 in the configured time zone."""
    local = moment.astimezone(tz).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def morning_after_quiet(moment: datetime, tz: ZoneInfo) -> datetime:
    """`moment` itself outside quiet hours, else the next 08:00 local time (in UTC)."""
    if not quiet(moment, tz):
        return moment
    local = moment.astimezone(tz)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=tz).astimezone(timezone.utc)


def next_due(after: datetime, frequency: str, tz: ZoneInfo) -> datetime:
    """The next reminder after `after` for a frequency, moved out of quiet hours."""
    return morning_after_quiet(after + FREQUENCIES[frequency], tz)
