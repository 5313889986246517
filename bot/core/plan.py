"""The plan after a diagnosis: each step with its status (to do, in progress, done, not for me)."""
from __future__ import annotations

from datetime import datetime

from ..logic import schedule
from ..store import STEP_STATUSES
from . import result
from .buttons import Pressed, button
from .events import rows_of
from .turn import Turn

STATUS_ICON = {"todo": "⬜", "doing": "⏳", "done": "✅", "skip": "➖"}


def latest(turn: Turn) -> dict | None:
    return turn.store.latest_diagnosis(turn.key) if turn.user else None


def steps_of(turn: Turn, diagnosis: dict) -> list[tuple]:
    """(step, status) in plan order, for the steps the knowledge base still has."""
    return [(turn.k.diagnosis.step_by_id[s["step_id"]], s["status"]) for s in diagnosis["steps"]
            if s["step_id"] in turn.k.diagnosis.step_by_id]


def next_open_step(turn: Turn):
    diagnosis = latest(turn)
    if diagnosis is None:
        return None
    return next((step for step, status in steps_of(turn, diagnosis) if status in ("todo", "doing")), None)


def show(turn: Turn, edit: bool = False) -> None:
    """/plan: the latest plan, a button a step."""
    diagnosis = latest(turn)
    if diagnosis is None:
        turn.say("no_plan", turn.main_menu(), edit=edit)
        return
    steps = steps_of(turn, diagnosis)
    done = sum(1 for _, status in steps if status == "done")
    buttons = [[button(f"{'•' if step.confidence == 'folk' else f'{i}.'} {STATUS_ICON[status]} {step.title.get(turn.lang)}",
                       "step", diagnosis["id"], i - 1)]
               for i, (step, status) in enumerate(steps, 1)]
    turn.say("plan", buttons, edit=edit, steps=steps, done=done, created=_local_date(turn, diagnosis["created"]),
             folk=[(step, status) for step, status in steps if step.confidence == "folk"])


def _local_date(turn: Turn, stamp: str) -> str:
    """A stored UTC time as the user's calendar day (the configured time zone)."""
    return datetime.fromisoformat(stamp).astimezone(turn.services.tz).strftime("%Y-%m-%d")


def reasons(turn: Turn, pressed: Pressed) -> None:
    """The result's reasons, explained (from the result's button)."""
    diagnosis = latest(turn)
    if diagnosis is None or pressed["diagnosis_id"] != diagnosis["id"]:
        turn.stale_nothing()
        return
    result.show_reasons(turn, diagnosis, turn.store.answers(diagnosis["interview_id"]))


def _step_of(turn: Turn, pressed: Pressed) -> tuple[dict | None, int]:
    diagnosis = latest(turn)
    index = pressed["index"]
    if diagnosis is None or pressed["diagnosis_id"] != diagnosis["id"] or index >= len(steps_of(turn, diagnosis)):
        return None, 0
    return diagnosis, index


def step_menu(turn: Turn, pressed: Pressed) -> None:
    diagnosis, index = _step_of(turn, pressed)
    if diagnosis is None:
        turn.stale_nothing()
        return
    step, status = steps_of(turn, diagnosis)[index]
    buttons = rows_of(button(("• " if s == status else "") + turn.ui(f"status_{s}"), "step_status",
                             diagnosis["id"], index, s) for s in STEP_STATUSES)
    turn.say("step", buttons, step=step, status=status)


def set_status(turn: Turn, pressed: Pressed) -> None:
    diagnosis, index = _step_of(turn, pressed)
    if diagnosis is None or pressed["status"] not in STEP_STATUSES:
        turn.stale_nothing()
        return
    steps = steps_of(turn, diagnosis)
    turn.store.set_step_status(diagnosis["id"], steps[index][0].id, pressed["status"])
    show(turn, edit=True)
    if pressed["status"] == "done" and all(s == "done" or i == index for i, (_, s) in enumerate(steps)):
        all_done(turn)


def all_done(turn: Turn) -> None:
    """Every step done: well done, and (with reminders on) keep them or stop them?"""
    frequency = (turn.user or {}).get("reminder_frequency")
    if frequency and frequency != schedule.OFF:
        turn.say("all_done_keep_reminders", [[turn.button("btn_keep_reminders", "reminders", frequency),
                                              turn.button("btn_stop_reminders", "reminders", schedule.OFF)]])
    else:
        turn.say("all_done")
