"""The conversation core: one plain event in, a list of replies out. Never imports telegram.

Front ends (Telegram, terminal) turn what the user did into an `Event` and show the `Reply`s.
All state is in the `Store`; all words are in templates/ and knowledge/.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from markupsafe import Markup

from . import interview
from .amounts import BadAmount, parse_amount
from .diagnosis import Diagnosis, diagnose
from .faq import matcher_for
from .followup import FollowUp
from .knowledge import LANGS, UNSURE, Knowledge, Question, default
from .messages import Button, Document, Event, Reply, rows_of
from .render import Renderer, callback, split_message
from .safety import redact
from .store import SUMMARY, Store

PAUSED = "paused"   # users.awaiting after /cancel: the interview waits, typed text is a question
MAX_TEXT_IN = 2000  # longer messages are declined politely, never stored or echoed
TOP_REASONS = 4     # as credit explanations do: at most four reasons
COMMANDS = ("start", "diagnose", "plan", "progress", "reminders", "language", "mydata",
            "forget", "help", "cancel")


def language_of(hint: str | None) -> str:
    """The advisor's language for a client language code (zh, zh-hans, zh-CN → zh)."""
    return "zh" if hint and hint.lower().startswith("zh") else "en"


@dataclass
class _Turn:
    """One event being answered: who, in which language, and the replies so far."""

    event: Event
    lang: str
    user: dict | None
    replies: list[Reply] = field(default_factory=list)


class Advisor:
    """The whole advisor, independent of any chat platform."""

    def __init__(self, store: Store, knowledge: Knowledge | None = None,
                 clock: Callable[[], datetime] | None = None):
        self.store = store
        self.k = knowledge or default()
        self.renderer = Renderer(self.k)
        self.matcher = matcher_for(self.k)
        self.follow = FollowUp(self, clock or (lambda: datetime.now(timezone.utc)))

    # -- entry point ---------------------------------------------------------------------
    def handle(self, event: Event) -> list[Reply]:
        user = self.store.user(event.user_id)
        if user and not user["active"]:  # a user who had blocked the bot is back
            self.store.set_active(event.user_id, True)
            user = self.store.user(event.user_id)
        lang = user["language"] if user else language_of(event.lang)
        turn = _Turn(event, lang, user)
        if not event.private:
            if event.kind == "command" and self._command_name(event.value) in ("start", "help"):
                self._say(turn, "group_only")
            return turn.replies
        if event.kind == "command":
            self._command(turn, self._command_name(event.value))
        elif event.kind == "button":
            self._button(turn, event.value)
        elif event.kind == "text":
            self._text(turn, event.value)
        else:
            self._say(turn, "not_understood")
            self._reshow_open(turn)
        return turn.replies

    @staticmethod
    def _command_name(value: str) -> str:
        """'/Start@QuotaDoctorBot arg' → 'start'."""
        words = value.strip().lstrip("/").split()
        return words[0].split("@")[0].lower() if words else ""

    def user_unreachable(self, user_id: int) -> None:
        """The user blocked the bot: keep their data, send them nothing more."""
        self.store.set_active(user_id, False)

    def error_reply(self, user_id: int, lang_hint: str | None) -> Reply:
        """What to say when something went wrong while answering (never a traceback)."""
        user = self.store.user(user_id)
        lang = user["language"] if user else language_of(lang_hint)
        return Reply(self.renderer.page(lang, "error"))

    def _reshow_open(self, turn: _Turn) -> None:
        """Show the open interview's current question again, so nothing is lost."""
        row = self.store.open_interview(turn.event.user_id) if turn.user else None
        if row is not None:
            self._show_current(turn, row)

    # -- helpers -------------------------------------------------------------------------
    def _page(self, turn: _Turn, name: str, **context: Any) -> str:
        return self.renderer.page(turn.lang, name, **context)

    def _say(self, turn: _Turn, name: str, buttons=(), edit: bool = False, toast: str | None = None,
             **context: Any) -> None:
        parts = split_message(self._page(turn, name, **context))
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            turn.replies.append(Reply(part, tuple(tuple(r) for r in buttons) if last else (),
                                      edit=edit and i == 0, toast=toast if i == 0 else None))

    def _attach_photo(self, turn: _Turn, png: bytes, filename: str, caption: str) -> None:
        turn.replies.append(Reply(caption, photo=Document(filename, png)))

    def replies_for(self, user_id: int, speak: Callable[[_Turn], None]) -> list[Reply]:
        """What `speak` says to a user the advisor contacts first (a reminder)."""
        user = self.store.user(user_id)
        turn = _Turn(Event(user_id, "reminder"), user["language"] if user else "en", user)
        speak(turn)
        return turn.replies

    def due_reminders(self) -> list[tuple[int, list[Reply]]]:
        """(user id, replies) for every reminder due now; each is marked sent as it is built."""
        return self.follow.due()

    def _ui(self, turn: _Turn, key: str) -> str:
        return self.k.text(key, turn.lang)

    def _answer_text(self, q: Question, value: Any, lang: str) -> str:
        if value is None:
            return self.k.text("skipped", lang)
        if q.kind == "amount":
            return self.k.text("yuan", lang).format(amount=f"{int(value):,}")
        choice = q.choice(value)
        return choice.text.get(lang) if choice else str(value)

    # -- commands ------------------------------------------------------------------------
    def _command(self, turn: _Turn, name: str) -> None:
        handler = {
            "start": self._start, "help": self._help, "diagnose": self._diagnose,
            "plan": self._plan, "language": self._language, "forget": self._forget,
            "cancel": self._cancel, "mydata": self._mydata,
            "progress": self.follow.progress, "reminders": self.follow.settings,
        }.get(name)
        if turn.user and turn.user.get("awaiting") and name != "progress":
            self.store.set_awaiting(turn.event.user_id, None)
            turn.user = self.store.user(turn.event.user_id)
        if handler is None:
            self._say(turn, "unknown_command", command=name[:32])
            return
        handler(turn)

    def _main_menu(self, turn: _Turn) -> list[list[Button]]:
        return [[Button(self._ui(turn, "btn_diagnose"), "menu:diagnose"),
                 Button(self._ui(turn, "btn_help"), "menu:help")]]

    def _consent_buttons(self, turn: _Turn) -> list[list[Button]]:
        other = "en" if turn.lang == "zh" else "zh"
        return [[Button(self._ui(turn, "btn_agree"), callback("ok", turn.lang))],
                [Button(self._ui(turn, "btn_just_ask"), callback("ask", turn.lang)),
                 Button(self.k.text("btn_switch_language", other), callback("lang", other))]]

    def _start(self, turn: _Turn) -> None:
        if turn.user:
            self._say(turn, "welcome_back", self._main_menu(turn))
        else:
            self._say(turn, "welcome", self._consent_buttons(turn))

    def _help(self, turn: _Turn) -> None:
        self._say(turn, "help", self._main_menu(turn), commands=COMMANDS)

    def _language(self, turn: _Turn) -> None:
        self._say(turn, "language", [[Button(self.k.text("language_name", lang), callback("lang", lang))
                                      for lang in LANGS]])

    def _cancel(self, turn: _Turn) -> None:
        open_ = self.store.open_interview(turn.event.user_id) if turn.user else None
        if open_:
            self.store.set_awaiting(turn.event.user_id, PAUSED)  # typed text is a question now
        self._say(turn, "cancelled", self._main_menu(turn), had_interview=bool(open_))

    def _forget(self, turn: _Turn) -> None:
        if not turn.user:
            self._say(turn, "forget_nothing")
            return
        self._say(turn, "forget_confirm", [[Button(self._ui(turn, "btn_forget_yes"), "fg:yes"),
                                            Button(self._ui(turn, "btn_forget_no"), "fg:no")]])

    def _mydata(self, turn: _Turn) -> None:
        if not turn.user:
            self._say(turn, "forget_nothing")
            return
        export: dict[str, list] = {}
        for table, row in self.store.rows_about(turn.event.user_id):
            export.setdefault(table, []).append(row)
        content = json.dumps(export, ensure_ascii=False, indent=2, default=str).encode("utf-8")
        turn.replies.append(Reply(self._page(turn, "mydata"),
                                  document=Document(f"quota-doctor-{turn.event.user_id}.json", content)))

    # -- the interview -------------------------------------------------------------------
    def _diagnose(self, turn: _Turn) -> None:
        if not turn.user:
            self._say(turn, "consent_needed", self._consent_buttons(turn))
            return
        current = self.store.open_interview(turn.event.user_id)
        if current and self.store.answers(current["id"]):
            answers = self.store.answers(current["id"])
            position = self._position_label(turn, current, answers)
            self._say(turn, "resume_offer", [
                [Button(self._ui(turn, "btn_continue"), callback("res", current["id"]))],
                [Button(self._ui(turn, "btn_restart"), callback("new", current["id"]))]],
                position=position)
            return
        if current:
            self._show_current(turn, current)
            return
        previous = self.store.latest_interview(turn.event.user_id)
        if previous and previous["status"] == "finished":
            self._say(turn, "reuse_offer", [
                [Button(self._ui(turn, "btn_reuse"), callback("reuse", previous["id"]))],
                [Button(self._ui(turn, "btn_fresh"), callback("fresh", previous["id"]))]])
            return
        self._new_interview(turn)

    def _reuse_answer(self, turn: _Turn, kind: str, args: list[str]) -> None:
        previous = self.store.latest_interview(turn.event.user_id)
        if (self.store.open_interview(turn.event.user_id) is not None or previous is None
                or args != [str(previous["id"])]):
            self._stale(turn, self.store.open_interview(turn.event.user_id))
            return
        if kind == "fresh":
            self._new_interview(turn)
            return
        answers = self.store.answers(previous["id"])
        iid = self.store.start_interview(turn.event.user_id, SUMMARY, answers)
        self._say(turn, "reuse_intro")
        self._show_current(turn, self.store.interview(iid))

    def _position_label(self, turn: _Turn, current: dict, answers: dict) -> str:
        if current["current"] == SUMMARY:
            return self._ui(turn, "at_summary")
        position, total = interview.progress(self.k, answers, current["current"])
        return self._ui(turn, "progress").format(n=position, total=total)

    def _new_interview(self, turn: _Turn) -> None:
        first = self.k.questions[0]
        iid = self.store.start_interview(turn.event.user_id, first.id)
        self._say(turn, "interview_intro")
        self._show_question(turn, self.store.interview(iid), first, {})

    def _show_current(self, turn: _Turn, row: dict, note: str | None = None) -> None:
        answers = self.store.answers(row["id"])
        if row["current"] == SUMMARY:
            self._show_summary(turn, row, answers)
            return
        q = self.k.question_by_id.get(row["current"])
        if q is None or not interview.applies(q, answers):
            q = interview.first_open(self.k, answers)
            if q is None:
                self.store.move_to(row["id"], SUMMARY)
                self._show_summary(turn, row, answers)
                return
            self.store.move_to(row["id"], q.id)
        self._show_question(turn, row, q, answers, note=note)

    def _show_question(self, turn: _Turn, row: dict, q: Question, answers: dict,
                       note: str | None = None, edit: bool = False) -> None:
        iid = row["id"]
        position, total = interview.progress(self.k, answers, q.id)
        rows: list[list[Button]] = []
        choice_row: list[Button] = []
        for choice in q.choices:
            mark = "✓ " if q.id in answers and answers[q.id] == choice.id else ""
            label = self._ui(turn, "btn_not_sure") if choice.id == UNSURE else choice.text.get(turn.lang)
            choice_row.append(Button(mark + label, callback("a", iid, q.id, choice.id)))
            if len(choice_row) == 2 or sum(len(b.label) for b in choice_row) > 24:
                rows.append(choice_row)
                choice_row = []
        if choice_row:
            rows.append(choice_row)
        nav = []
        if interview.previous_before(self.k, answers, q.id) is not None:
            nav.append(Button(self._ui(turn, "btn_back"), callback("bk", iid, q.id)))
        nav.append(Button(self._ui(turn, "btn_why"), callback("why", iid, q.id)))
        if q.optional:
            nav.append(Button(self._ui(turn, "btn_skip"), callback("s", iid, q.id)))
        rows.append(nav)
        self._say(turn, "question", rows, q=q, position=position, total=total,
                  section=self.k.section_by_id[q.section].title.get(turn.lang),
                  previous=self._answer_text(q, answers[q.id], turn.lang) if q.id in answers else None,
                  note=Markup(note) if note else None, edit=edit)

    def _summary_lines(self, turn: _Turn, answers: dict) -> list[tuple[str, str, str]]:
        lines = []
        for q in interview.sequence(self.k, answers):
            if q.id in answers:
                section = self.k.section_by_id[q.section].title.get(turn.lang)
                lines.append((section, q.label.get(turn.lang), self._answer_text(q, answers[q.id], turn.lang)))
        return lines

    def _show_summary(self, turn: _Turn, row: dict, answers: dict, edit: bool = False) -> None:
        iid = row["id"]
        self._say(turn, "summary", edit=edit, buttons=[
            [Button(self._ui(turn, "btn_result"), callback("fin", iid))],
            [Button(self._ui(turn, "btn_change"), callback("chg", iid))]],
            lines=self._summary_lines(turn, answers))

    def _after_answer(self, turn: _Turn, row: dict, q: Question, value: Any) -> None:
        """Keep the answer and show what comes next. A pressed button turns its own message
        into the next question (one Bot API call a step), with the answer recapped on top;
        a typed answer gets the next question as a new message."""
        answers = self.store.answers(row["id"])
        answers[q.id] = value
        if row["editing"]:
            following = interview.first_open(self.k, answers)
        else:
            following = interview.next_after(self.k, answers, q.id) or interview.first_open(self.k, answers)
        target = following.id if following else SUMMARY
        self.store.save_answer(row["id"], q.id, value, target, editing=bool(row["editing"] and following))
        edit = turn.event.kind == "button"
        row = self.store.interview(row["id"])
        if following is None:  # the summary lists every answer, this one included
            self._show_summary(turn, row, answers, edit=edit)
        else:
            recap = self._page(turn, "answered", q=q, answer=self._answer_text(q, value, turn.lang))
            self._show_question(turn, row, following, answers, note=recap, edit=edit)

    # -- buttons -------------------------------------------------------------------------
    def _button(self, turn: _Turn, data: str) -> None:
        parts = data.split(":")
        kind, args = parts[0], parts[1:]
        if kind in ("ok", "ask", "lang") and args and args[0] in LANGS:
            {"ok": self._agree, "ask": self._just_ask, "lang": self._set_language}[kind](turn, args[0])
        elif kind == "menu" and args in (["diagnose"], ["help"], ["plan"]):
            {"diagnose": self._diagnose, "help": self._help, "plan": self._plan}[args[0]](turn)
        elif kind in ("st", "ss", "lim", "rm") and turn.user:
            {"st": self.follow.step_menu, "ss": self.follow.set_status, "lim": self.follow.limit_button,
             "rm": self.follow.choose}[kind](turn, args)
        elif kind in ("reuse", "fresh") and turn.user:
            self._reuse_answer(turn, kind, args)
        elif kind == "q" and len(args) == 1 and args[0] in self.k.faq_by_id:
            open_ = self.store.open_interview(turn.event.user_id) if turn.user else None
            self._faq_answer(turn, args[0], offer_diagnosis=open_ is None)
        elif kind == "fg" and args in (["yes"], ["no"]):
            self._forget_answer(turn, args[0] == "yes")
        elif kind in ("a", "s", "bk", "why", "res", "new", "fin", "chg", "ed", "sum"):
            self._interview_button(turn, kind, args)
        else:
            self._stale(turn, None)

    def _agree(self, turn: _Turn, lang: str) -> None:
        turn.lang = lang
        if not turn.user:
            turn.user = self.store.add_user(turn.event.user_id, lang)
        self._diagnose(turn)

    def _just_ask(self, turn: _Turn, lang: str) -> None:
        turn.lang = turn.user["language"] if turn.user else lang
        self._say(turn, "just_ask")

    def _set_language(self, turn: _Turn, lang: str) -> None:
        turn.lang = lang
        if turn.user:
            self.store.set_language(turn.event.user_id, lang)
            self._say(turn, "language_set", self._main_menu(turn), toast=self._ui(turn, "language_name"))
        else:
            self._say(turn, "welcome", self._consent_buttons(turn), toast=self._ui(turn, "language_name"))

    def _forget_answer(self, turn: _Turn, confirmed: bool) -> None:
        if not confirmed:
            self._say(turn, "forget_kept", edit=True)
        elif not turn.user:
            self._say(turn, "forget_nothing", edit=True)
        else:
            self.store.forget(turn.event.user_id)
            self._say(turn, "forget_done", edit=True)

    def _stale(self, turn: _Turn, row: dict | None) -> None:
        """A button from an earlier question or interview: say so, apply nothing, show where
        the user really is."""
        toast = self._ui(turn, "stale_button")
        if row is not None:
            self._say(turn, "stale", toast=toast)
            self._show_current(turn, row)
        else:
            self._say(turn, "stale_nothing", self._main_menu(turn), toast=toast)

    def _interview_button(self, turn: _Turn, kind: str, args: list[str]) -> None:
        if not turn.user:
            self._say(turn, "consent_needed", self._consent_buttons(turn), toast=self._ui(turn, "stale_button"))
            return
        if turn.user.get("awaiting") == PAUSED:
            self.store.set_awaiting(turn.event.user_id, None)
        row = self.store.open_interview(turn.event.user_id)
        iid = args[0] if args else ""
        if row is None or iid != str(row["id"]):
            self._stale(turn, row)
            return
        answers = self.store.answers(row["id"])
        current = row["current"]
        if kind == "res":
            self._show_current(turn, row)
        elif kind == "new":
            self._new_interview(turn)
        elif kind in ("fin", "chg", "sum", "ed"):
            if current != SUMMARY and not (kind == "ed" and row["editing"]):
                self._stale(turn, row)
            elif kind == "fin":
                self._finish(turn, row, answers)
            elif kind == "chg":
                self._change_menu(turn, row, answers)
            elif kind == "sum":
                self._show_summary(turn, row, answers)
            else:
                self._edit(turn, row, answers, args[1:])
        else:
            q = self.k.question_by_id.get(args[1]) if len(args) > 1 else None
            if q is None or q.id != current:
                self._stale(turn, row)
            elif kind == "why":
                self._say(turn, "why", q=q, toast=self._ui(turn, "btn_why"))
            elif kind == "bk":
                self._back(turn, row, q, answers)
            elif kind == "s":
                if not q.optional:
                    self._stale(turn, row)
                else:
                    self._after_answer(turn, row, q, None)
            else:
                value = args[2] if len(args) > 2 else ""
                if q.kind != "choice" or q.choice(value) is None:
                    self._stale(turn, row)
                else:
                    self._after_answer(turn, row, q, value)

    def _back(self, turn: _Turn, row: dict, q: Question, answers: dict) -> None:
        previous = interview.previous_before(self.k, answers, q.id)
        if previous is None:
            self._stale(turn, row)
            return
        self.store.move_to(row["id"], previous.id)
        self._show_question(turn, row, previous, answers)

    def _change_menu(self, turn: _Turn, row: dict, answers: dict) -> None:
        rows = rows_of(Button(q.label.get(turn.lang), callback("ed", row["id"], q.id))
                       for q in interview.sequence(self.k, answers))
        rows.append([Button(self._ui(turn, "btn_back_summary"), callback("sum", row["id"]))])
        self._say(turn, "change_menu", rows)

    def _edit(self, turn: _Turn, row: dict, answers: dict, args: list[str]) -> None:
        q = self.k.question_by_id.get(args[0]) if args else None
        if q is None or not interview.applies(q, answers):
            self._stale(turn, row)
            return
        self.store.move_to(row["id"], q.id, editing=True)
        self._show_question(turn, self.store.interview(row["id"]), q, answers)

    def _finish(self, turn: _Turn, row: dict, answers: dict) -> None:
        result = diagnose(answers, self.k).to_json()
        previous = self.store.latest_diagnosis(turn.event.user_id)
        self.store.finish_interview(row["id"], result)
        changes = self.follow.changes(previous["result"] if previous else None, result)
        self._show_result(turn, result, answers, changes)
        if previous is None:
            self.follow.offer(turn)

    def _result_context(self, result: dict, answers: dict, lang: str) -> dict[str, Any]:
        reasons = []
        for r in result["reasons"][:TOP_REASONS]:
            evidence = [(self.k.question_by_id[q].label.get(lang),
                         self._answer_text(self.k.question_by_id[q], answers.get(q), lang))
                        for q in r["evidence"]]
            reasons.append({"reason": self.k.reason_by_id[r["id"]], "level": r["level"], "evidence": evidence})
        return {"reasons": reasons, "steps": [self.k.step_by_id[s["id"]] for s in result["plan"]],
                "limit_before": answers.get("limit_before"), "limit_now": answers.get("limit_now")}

    def _show_result(self, turn: _Turn, result: dict, answers: dict, changes: dict | None = None) -> None:
        self._say(turn, "result", [[Button(self._ui(turn, "btn_plan"), "menu:plan")]],
                  changes=changes, **self._result_context(result, answers, turn.lang))

    def report(self, diagnosis: Diagnosis, answers: dict, lang: str) -> str:
        """The result page for a diagnosis, as HTML (used by `quota-doctor diagnose`)."""
        return self.renderer.page(lang, "result", changes=None,
                                  **self._result_context(diagnosis.to_json(), answers, lang))

    def _plan(self, turn: _Turn) -> None:
        self.follow.plan(turn)

    # -- free text -----------------------------------------------------------------------
    def _text(self, turn: _Turn, text: str) -> None:
        text = text.strip()
        if len(text) > MAX_TEXT_IN:
            self._say(turn, "too_long", limit=MAX_TEXT_IN)
            self._reshow_open(turn)
            return
        redacted = redact(text)
        if redacted.kinds:
            self._say(turn, "privacy_notice", kinds=[self._ui(turn, f"personal_{k}") for k in redacted.kinds])
        if self.follow.awaiting_limit(turn) and not redacted.kinds and self.follow.limit_text(turn, text):
            return
        paused = bool(turn.user) and turn.user.get("awaiting") == PAUSED
        row = self.store.open_interview(turn.event.user_id) if turn.user and not paused else None
        q = self.k.question_by_id.get(row["current"]) if row else None
        if row is None or q is None:
            self._question(turn, redacted.text, outside=True)
            return
        answers = self.store.answers(row["id"])
        if not interview.applies(q, answers):
            self._show_current(turn, row)
            return
        if q.kind == "amount" and not redacted.kinds:
            try:
                self._after_answer(turn, row, q, parse_amount(text))
                return
            except BadAmount:
                pass
        if q.kind == "choice":
            typed = text.casefold()
            choice = next((c for c in q.choices
                           if typed in {c.text.en.casefold(), c.text.zh.casefold(), c.id}), None)
            if choice is not None:
                self._after_answer(turn, row, q, choice.id)
                return
        if self._question(turn, redacted.text, outside=False):
            self._show_question(turn, row, q, answers, note=self._page(turn, "back_to_question"))
        else:
            note = self._page(turn, "bad_amount" if q.kind == "amount" else "use_buttons", q=q)
            self._show_question(turn, row, q, answers, note=note)

    def _question(self, turn: _Turn, text: str, outside: bool) -> bool:
        """Answer free text as a question: scam warning, FAQ answer, 'did you mean', or what the
        advisor can do. Inside the interview only a scam or a confident match is answered;
        return whether anything was said."""
        match = self.matcher.match(text)
        self.store.log_faq(match.lang, text if turn.user else None, match.id, match.score)
        if match.scam:
            named = [self.k.scam_by_id[k].what.get(turn.lang) for k in match.scam_kinds if k in self.k.scam_by_id]
            if not named and match.id:
                # no pattern named the scheme (the scam model caught it, or it is a question about
                # one): the answer of its topic says what it is, then the warning
                self._faq_answer(turn, match.id, offer_diagnosis=False)
            self._say(turn, "scam_warning", kinds=named)
            return True
        if match.confident:
            self._faq_answer(turn, match.id, offer_diagnosis=outside)
            return True
        if not outside:
            return False
        options = ([match.id] if match.id else []) + [t for t, _ in match.alternatives]
        if options:
            self._say(turn, "did_you_mean", [[Button(self.k.faq_by_id[t].question.get(turn.lang), callback("q", t))]
                                             for t in options[:3]])
        else:
            self._say(turn, "faq_none", self._main_menu(turn))
        return True

    def _faq_answer(self, turn: _Turn, topic_id: str, offer_diagnosis: bool) -> None:
        topic = self.k.faq_by_id[topic_id]
        buttons = [[Button(self._ui(turn, "btn_diagnose"), "menu:diagnose")]] \
            if offer_diagnosis and topic.suggest_diagnosis else []
        self._say(turn, "faq_answer", buttons, topic=topic)
