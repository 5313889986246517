"""Reminders: the user chooses how often (or off); due ones are claimed from the store and
built here, never between 22:00 and 08:00 in the configured time zone."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from ..logic import schedule
from ..logic.schedule import OFF
from . import plan
from .buttons import Pressed
from .events import Reply, rows_of
from .progress import limit_buttons
from .turn import Services, Turn


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
        first = schedule.next_due(turn.services.clock(), frequency, turn.services.tz).isoformat(timespec="seconds")
    turn.store.set_reminders(turn.key, frequency, first)
    turn.say("reminders_set", edit=True, **_schedule(turn))


def due(services: Services, channel: str, turn_for: Callable[[str], Turn]) -> list[tuple[str, list[Reply]]]:
    """Claim every reminder of a channel's users that is due now and build its message;
    reminders wait while it is night in the configured time zone. Each is claimed (marked sent,
    next booked) before it is returned, so none is ever sent twice."""
    moment = services.clock()
    if schedule.quiet(moment, services.tz):
        return []
    stamp = moment.astimezone(timezone.utc).isoformat(timespec="seconds")
    claimed = services.store.claim_due_reminders(
        stamp, lambda frequency: schedule.next_due(moment, frequency, services.tz).isoformat(timespec="seconds"),
        channel)
    out = []
    for row in claimed:
        turn = turn_for(row["user_id"])
        _reminder(turn)
        out.append((row["user_id"], turn.replies))
    return out


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
