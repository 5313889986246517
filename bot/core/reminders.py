"""Reminders: the user chooses how often (or off); due ones are claimed from the store and
built here, never between 22:00 and 08:00 in the configured time zone."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from ..logic import schedule
from ..logic.schedule import OFF
from . import plan
from .buttons import Pressed
from .events import Reply, rows_of
from .progress import limit_buttons
from .turn import Services, Turn


HOLD = timedelta(minutes=10)        # how long a claimed reminder is held for its sender
BACKOFF = (60, 300, 900, 3600)      # seconds before the 2nd, 3rd, 4th and 5th attempt
MAX_ATTEMPTS = 5


def frequency_buttons(turn: Turn) -> list[list]:
    return rows_of(turn.button(f"reminder_{n}", "reminders", n) for n in (*schedule.FREQUENCIES, OFF))


def offer(turn: Turn) -> None:
    """After the first plan: would the user like reminders?"""
    turn.say("reminder_offer", frequency_buttons(turn))


def settings(turn: Turn) -> None:
    """/reminders: how often now, when the next one is due, and the choice."""
    if not turn.user:
        turn.say("consent_needed", turn.consent_buttons())
        return
    turn.say("reminders", frequency_buttons(turn), **_schedule(turn))


def _schedule(turn: Turn) -> dict:
    user = turn.store.user(turn.key)
    upcoming = turn.store.next_reminder(turn.key)
    due = datetime.fromisoformat(upcoming["due_at"]).astimezone(turn.services.tz) if upcoming else None
    return {"frequency": (user or {}).get("reminder_frequency") or OFF,
            "next_due": due.strftime("%Y-%m-%d %H:%M") if due else None}


def choose(turn: Turn, pressed: Pressed) -> None:
    frequency = pressed["frequency"]
    if frequency not in schedule.FREQUENCIES and frequency != OFF:
        turn.stale_nothing()
        return
    first = None
    if frequency != OFF:
        first = _stamp(schedule.next_due(turn.services.clock(), frequency, turn.services.tz))
    turn.store.set_reminders(turn.key, frequency, first)
    turn.say("reminders_set", edit=True, **_schedule(turn))


@dataclass(frozen=True)
class DueReminder:
    """A reminder claimed for sending: whose, which, and its messages."""
    user: str
    id: int
    replies: list[Reply]


def claim(services: Services, channel: str, turn_for: Callable[[str], Turn]) -> list[DueReminder]:
    """Claim every reminder of a channel's users that is due now and build its message;
    reminders wait while it is night in the configured time zone. A claim holds the reminder
    for HOLD; the channel then says it was delivered or failed (`delivered`, `failed`), and one
    never reported is claimed again after HOLD: at least once, never lost."""
    moment = services.clock()
    for taken in services.store.reminders_taken_unbooked(channel):  # sent before a crash: book the next
        delivered(services, taken)
    if schedule.quiet(moment, services.tz):
        return []
    claimed = services.store.claim_due_reminders(_stamp(moment), _stamp(moment + HOLD), channel)
    out = []
    for row in claimed:
        turn = turn_for(row["user_id"])
        _reminder(turn)
        out.append(DueReminder(row["user_id"], row["id"], turn.replies))
    return out


def delivered(services: Services, reminder_id: int) -> None:
    moment = services.clock()
    services.store.reminder_sent(reminder_id, _stamp(moment), _next_due(services, moment))


def failed(services: Services, reminder_id: int, permanent: bool = False, retry_after: float | None = None) -> None:
    """Sending failed. A transient failure is retried after a back-off (or when Telegram says),
    up to MAX_ATTEMPTS; a permanent one (or the last attempt) gives this reminder up and books
    the next."""
    moment = services.clock()
    row = services.store.reminder(reminder_id)
    attempts = ((row or {}).get("attempts") or 0) + 1
    retry_at = None
    if not permanent and attempts < MAX_ATTEMPTS:
        wait = max(BACKOFF[min(attempts, len(BACKOFF)) - 1], retry_after or 0)
        retry_at = _stamp(moment + timedelta(seconds=wait))
    services.store.reminder_failed(reminder_id, _stamp(moment), retry_at, _next_due(services, moment))


def due(services: Services, channel: str, turn_for: Callable[[str], Turn]) -> list[tuple[str, list[Reply]]]:
    """Claim the due reminders and count them delivered at once: for a channel that shows them
    as it builds them (the terminal), and for tests."""
    out = []
    for reminder in claim(services, channel, turn_for):
        delivered(services, reminder.id)
        out.append((reminder.user, reminder.replies))
    return out


def _stamp(moment: datetime) -> str:
    """A time as stored: UTC, so that the store compares like with like."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _next_due(services: Services, moment: datetime) -> Callable[[str], str]:
    return lambda frequency: _stamp(schedule.next_due(moment, frequency, services.tz))


def _reminder(turn: Turn) -> None:
    diagnosis = plan.latest(turn)
    steps = plan.steps_of(turn, diagnosis) if diagnosis else []
    if steps and all(status in ("done", "skip") for _, status in steps):
        plan.all_done(turn)
        return
    reports = turn.store.limit_history(turn.key)
    turn.say("reminder", [[turn.button("btn_limit_report", "limit", "ask")], limit_buttons(turn)[0],
                          [turn.button("btn_plan", "menu", "plan")]],
             next_step=plan.next_open_step(turn), last=reports[-1]["amount"] if reports else None)
