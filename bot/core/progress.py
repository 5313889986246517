"""Reported limits: /progress asks for the current limit (typed, or "unchanged" / "closed"),
keeps it, and shows the history with a chart once there are two reports."""
from __future__ import annotations

from datetime import datetime

from ..logic.amounts import BadAmount, parse_amount
from ..render.chart import limit_chart
from . import plan
from .buttons import Pressed
from .states import LIMIT
from .turn import Turn


def show(turn: Turn) -> None:
    """/progress: the history so far, then the question for today's limit."""
    if not turn.user:
        turn.say("consent_needed", turn.consent_buttons())
        return
    history(turn)
    ask_limit(turn)


def limit_buttons(turn: Turn) -> list[list]:
    row = [turn.button("btn_limit_closed", "limit", "0")]
    if turn.store.limit_history(turn.key):
        row.insert(0, turn.button("btn_limit_same", "limit", "same"))
    return [row]


def ask_limit(turn: Turn) -> None:
    turn.store.set_awaiting(turn.key, LIMIT)
    turn.say("ask_limit", limit_buttons(turn))


def limit_button(turn: Turn, pressed: Pressed) -> None:
    reports = turn.store.limit_history(turn.key)
    what = pressed["what"]
    if what == "ask":
        ask_limit(turn)
    elif not turn.state.waiting_for_limit:  # a second tap, or an old message: recorded once only
        turn.stale_nothing()
    elif what == "0":
        _record(turn, 0, "closed", reports)
    elif what == "same" and reports:
        _record(turn, reports[-1]["amount"], reports[-1]["status"], reports)
    else:
        turn.stale_nothing()


def typed_limit(turn: Turn, text: str, redacted_kinds: tuple[str, ...]) -> bool:
    """Typed text while a limit is awaited: record it; False if it is not an amount."""
    if redacted_kinds:
        return False
    try:
        amount = parse_amount(text)
    except BadAmount:
        return False
    _record(turn, amount, "closed" if amount == 0 else "open", turn.store.limit_history(turn.key))
    return True


def _record(turn: Turn, amount: int, status: str, reports: list[dict]) -> None:
    turn.store.report_limit(turn.key, amount, status)
    previous = reports[-1]["amount"] if reports else None
    if previous is None:
        change = "first"
    elif amount > previous:
        change = "up"
    elif amount < previous:
        change = "down"
    else:
        change = "same"
    next_step = plan.next_open_step(turn)
    # what was noted and the history in one message, then the chart (two reports or more)
    history(turn, "limit_report", direction=change, amount=amount, previous=previous,
            next_step=next_step if change in ("down", "same", "first") else None)


def history(turn: Turn, page: str = "progress", **noted) -> None:
    """The reported limits (`page` "limit_report": with what was just noted on top), and the chart."""
    reports = turn.store.limit_history(turn.key)
    diagnosis = plan.latest(turn)
    steps = plan.steps_of(turn, diagnosis) if diagnosis else []
    done = sum(1 for _, s in steps if s == "done")
    tz = turn.services.tz
    points = [(datetime.fromisoformat(h["reported_at"]).astimezone(tz), h["amount"]) for h in reports]
    turn.say(page, history=[(p[0].strftime("%Y-%m-%d"), p[1], h["status"]) for p, h in zip(points, reports)],
             change=(points[-1][1] - points[0][1]) if len(points) > 1 else None,
             done=done, total=len(steps), **noted)
    if len(points) >= 2:
        png = limit_chart(points)  # numbers and dates only: the words are the caption
        turn.photo(png, f"limit-{turn.key.replace(':', '-')}.png", turn.ui("chart_title"))
