"""Following a user through recovery: plan progress, reported limits and their chart,
reminders, and what changed since the last diagnosis. Part of the conversation core."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable

from . import reminders
from .amounts import BadAmount, parse_amount
from .messages import Button, rows_of
from .render import callback
from .store import STEP_STATUSES

if TYPE_CHECKING:
    from .advisor import Advisor, _Turn
    from .messages import Reply

STATUS_ICON = {"todo": "⬜", "doing": "⏳", "done": "✅", "skip": "➖"}
LIMIT = "limit"  # users.awaiting while the next typed text is the current limit


class FollowUp:
    """Plan, progress, reminders; state in the store, words in templates/ and knowledge/."""

    def __init__(self, advisor: "Advisor", clock: Callable[[], datetime]):
        self.a = advisor
        self.store = advisor.store
        self.k = advisor.k
        self.clock = clock
        self.tz = reminders.zone()

    # -- the plan ------------------------------------------------------------------------
    def _latest(self, turn: "_Turn") -> dict | None:
        return self.store.latest_diagnosis(turn.event.user_id) if turn.user else None

    def _steps(self, latest: dict) -> list[tuple]:
        return [(self.k.step_by_id[s["step_id"]], s["status"]) for s in latest["steps"]
                if s["step_id"] in self.k.step_by_id]

    def plan(self, turn: "_Turn", edit: bool = False) -> None:
        latest = self._latest(turn)
        if latest is None:
            self.a._say(turn, "no_plan", self.a._main_menu(turn), edit=edit)
            return
        steps = self._steps(latest)
        done = sum(1 for _, status in steps if status == "done")
        buttons = [[Button(f"{i}. {STATUS_ICON[status]} {step.title.get(turn.lang)}",
                                  callback("st", latest["id"], i - 1))]
                   for i, (step, status) in enumerate(steps, 1)]
        self.a._say(turn, "plan", buttons, edit=edit, steps=steps, done=done, created=latest["created"][:10])

    def step_menu(self, turn: "_Turn", args: list[str]) -> None:
        latest, index = self._step_args(turn, args)
        if latest is None:
            self.a._stale(turn, None)
            return
        step, status = self._steps(latest)[index]
        buttons = rows_of(Button(("• " if s == status else "") + self.a._ui(turn, f"status_{s}"),
                                 callback("ss", latest["id"], index, s)) for s in STEP_STATUSES)
        self.a._say(turn, "step", buttons, step=step, status=status)

    def set_status(self, turn: "_Turn", args: list[str]) -> None:
        latest, index = self._step_args(turn, args[:2])
        status = args[2] if len(args) > 2 else ""
        if latest is None or status not in STEP_STATUSES:
            self.a._stale(turn, None)
            return
        steps = self._steps(latest)
        self.store.set_step_status(latest["id"], steps[index][0].id, status)
        self.plan(turn, edit=True)
        if status == "done" and all(s == "done" or i == index for i, (_, s) in enumerate(steps)):
            self._all_done(turn)

    def _step_args(self, turn: "_Turn", args: list[str]) -> tuple[dict | None, int]:
        latest = self._latest(turn)
        if latest is None or len(args) != 2 or args[0] != str(latest["id"]) or not args[1].isdigit():
            return None, 0
        index = int(args[1])
        return (latest, index) if index < len(self._steps(latest)) else (None, 0)

    def _all_done(self, turn: "_Turn") -> None:
        frequency = (turn.user or {}).get("reminder_frequency")
        if frequency and frequency != reminders.OFF:
            self.a._say(turn, "all_done_keep_reminders", [
                [Button(self.a._ui(turn, "btn_keep_reminders"), callback("rm", frequency)),
                 Button(self.a._ui(turn, "btn_stop_reminders"), callback("rm", reminders.OFF))]])
        else:
            self.a._say(turn, "all_done")

    # -- reported limits -----------------------------------------------------------------
    def progress(self, turn: "_Turn") -> None:
        if not turn.user:
            self.a._say(turn, "consent_needed", self.a._consent_buttons(turn))
            return
        self._history(turn)
        self.ask_limit(turn)

    def _limit_buttons(self, turn: "_Turn") -> list[list]:
        row = [Button(self.a._ui(turn, "btn_limit_closed"), "lim:0")]
        if self.store.limit_history(turn.event.user_id):
            row.insert(0, Button(self.a._ui(turn, "btn_limit_same"), "lim:same"))
        return [row]

    def ask_limit(self, turn: "_Turn") -> None:
        self.store.set_awaiting(turn.event.user_id, LIMIT)
        self.a._say(turn, "ask_limit", self._limit_buttons(turn))

    def limit_button(self, turn: "_Turn", args: list[str]) -> None:
        if not turn.user:
            self.a._stale(turn, None)
            return
        history = self.store.limit_history(turn.event.user_id)
        if args == ["ask"]:
            self.ask_limit(turn)
        elif args == ["0"]:
            self._record(turn, 0, "closed", history)
        elif args == ["same"] and history:
            self._record(turn, history[-1]["amount"], history[-1]["status"], history)
        else:
            self.a._stale(turn, None)

    def awaiting_limit(self, turn: "_Turn") -> bool:
        return bool(turn.user) and turn.user.get("awaiting") == LIMIT

    def limit_text(self, turn: "_Turn", text: str) -> bool:
        """Typed text while a limit is awaited: record it; False if it is not an amount."""
        try:
            amount = parse_amount(text)
        except BadAmount:
            return False
        self._record(turn, amount, "closed" if amount == 0 else "open",
                     self.store.limit_history(turn.event.user_id))
        return True

    def _record(self, turn: "_Turn", amount: int, status: str, history: list[dict]) -> None:
        self.store.report_limit(turn.event.user_id, amount, status)
        previous = history[-1]["amount"] if history else None
        next_step = self._next_open_step(turn)
        if previous is None:
            change = "first"
        elif amount > previous:
            change = "up"
        elif amount < previous:
            change = "down"
        else:
            change = "same"
        self.a._say(turn, "limit_recorded", change=change, amount=amount, previous=previous,
                    next_step=next_step if change in ("down", "same", "first") else None)
        self._history(turn)

    def _next_open_step(self, turn: "_Turn"):
        latest = self._latest(turn)
        if latest is None:
            return None
        return next((step for step, status in self._steps(latest) if status in ("todo", "doing")), None)

    def _history(self, turn: "_Turn") -> None:
        history = self.store.limit_history(turn.event.user_id)
        latest = self._latest(turn)
        steps = self._steps(latest) if latest else []
        done = sum(1 for _, s in steps if s == "done")
        points = [(datetime.fromisoformat(h["reported_at"]).astimezone(self.tz), h["amount"]) for h in history]
        self.a._say(turn, "progress", history=[(p[0].strftime("%Y-%m-%d"), p[1], h["status"])
                                                for p, h in zip(points, history)],
                    change=(points[-1][1] - points[0][1]) if len(points) > 1 else None,
                    done=done, total=len(steps))
        if len(points) >= 2:
            from .chart import limit_chart  # matplotlib loads only when a chart is drawn
            png = limit_chart(points, self.a._ui(turn, "chart_title"), self.a._ui(turn, "chart_y"),
                              self.a._ui(turn, "chart_date_format"))
            self.a._attach_photo(turn, png, f"limit-{turn.event.user_id}.png", self.a._ui(turn, "chart_title"))

    # -- reminders -----------------------------------------------------------------------
    def reminder_buttons(self, turn: "_Turn") -> list[list]:
        return rows_of(Button(self.a._ui(turn, f"reminder_{n}"), callback("rm", n))
                       for n in (*reminders.FREQUENCIES, reminders.OFF))

    def offer(self, turn: "_Turn") -> None:
        """After the first plan: would the user like reminders?"""
        self.a._say(turn, "reminder_offer", self.reminder_buttons(turn))

    def settings(self, turn: "_Turn") -> None:
        if not turn.user:
            self.a._say(turn, "consent_needed", self.a._consent_buttons(turn))
            return
        self.a._say(turn, "reminders", self.reminder_buttons(turn), **self._schedule(turn))

    def _schedule(self, turn: "_Turn") -> dict:
        user = self.store.user(turn.event.user_id)
        upcoming = self.store.next_reminder(turn.event.user_id)
        due = datetime.fromisoformat(upcoming["due_at"]).astimezone(self.tz) if upcoming else None
        return {"frequency": (user or {}).get("reminder_frequency") or reminders.OFF,
                "next_due": due.strftime("%Y-%m-%d %H:%M") if due else None}

    def choose(self, turn: "_Turn", args: list[str]) -> None:
        frequency = args[0] if args else ""
        if not turn.user or (frequency not in reminders.FREQUENCIES and frequency != reminders.OFF):
            self.a._stale(turn, None)
            return
        first = None
        if frequency != reminders.OFF:
            first = reminders.next_due(self.clock(), frequency, self.tz).isoformat(timespec="seconds")
        self.store.set_reminders(turn.event.user_id, frequency, first)
        self.a._say(turn, "reminders_set", edit=True, **self._schedule(turn))

    def due(self) -> list[tuple[int, list["Reply"]]]:
        """Claim every reminder that is due now and build its message; reminders wait while
        it is night in the configured time zone. Each is claimed (marked sent, next booked)
        before it is returned, so none is ever sent twice."""
        moment = self.clock()
        if reminders.quiet(moment, self.tz):
            return []
        stamp = moment.astimezone(timezone.utc).isoformat(timespec="seconds")
        claimed = self.store.claim_due_reminders(
            stamp, lambda frequency: reminders.next_due(moment, frequency, self.tz).isoformat(timespec="seconds"))
        return [(row["user_id"], self.a.replies_for(row["user_id"], self._reminder)) for row in claimed]

    def _reminder(self, turn: "_Turn") -> None:
        latest = self._latest(turn)
        steps = self._steps(latest) if latest else []
        if steps and all(status in ("done", "skip") for _, status in steps):
            self._all_done(turn)
            return
        history = self.store.limit_history(turn.event.user_id)
        self.a._say(turn, "reminder", [
            [Button(self.a._ui(turn, "btn_limit_report"), "lim:ask")],
            self._limit_buttons(turn)[0],
            [Button(self.a._ui(turn, "btn_plan"), "menu:plan")]],
            next_step=self._next_open_step(turn), last=history[-1]["amount"] if history else None)

    # -- what changed since the last diagnosis -------------------------------------------
    @staticmethod
    def changes(previous: dict | None, current: dict) -> dict | None:
        """Reasons resolved, new and changed in level; plan steps added and no longer needed."""
        if previous is None:
            return None
        before = {r["id"]: r["level"] for r in previous["reasons"]}
        after = {r["id"]: r["level"] for r in current["reasons"]}
        steps_before = [s["id"] for s in previous["plan"]]
        steps_after = [s["id"] for s in current["plan"]]
        return {
            "resolved": [r for r in before if r not in after],
            "new": [r for r in after if r not in before],
            "level_changes": [(r, before[r], after[r]) for r in after if r in before and before[r] != after[r]],
            "steps_added": [s for s in steps_after if s not in steps_before],
            "steps_dropped": [s for s in steps_before if s not in steps_after],
        }
