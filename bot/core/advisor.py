"""The conversation core: one plain event in, a list of replies out. It knows no channel.

Channels (Telegram, the terminal) turn what the user did into an `Event` and show the
`Reply`s. This module only routes: the tables below say which flow answers each command, each
button (and in which state it applies, see `states.py`), and typed text. All state is in the
`Store`; all words are in templates/ and knowledge/.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Callable
from zoneinfo import ZoneInfo

from ..kb.schema import Knowledge
from ..render.pages import Renderer
from ..store import StorageError, Store
from ..text.normalize import written_in
from . import account, free_text, interview, plan, progress, reminders, result, typed_answers
from .buttons import Pressed, in_language, parse, untagged
from .commands import COMMANDS, command_name, command_payload
from .events import Event, Reply
from .states import State, read
from .turn import Services, Turn

# -- commands: every one applies in every state ------------------------------------------------
COMMAND_FLOWS: dict[str, Callable[[Turn], None]] = {
    "start": account.start, "diagnose": interview.diagnose, "plan": plan.show,
    "progress": progress.show, "reminders": reminders.settings, "language": account.language,
    "mydata": account.mydata, "forget": account.forget, "help": account.help, "cancel": account.cancel,
}
assert tuple(COMMAND_FLOWS) == COMMANDS
GROUP_COMMANDS = ("start", "help")  # in a group chat only these get an answer: a pointer to a private chat
MENU = {"diagnose": interview.diagnose, "help": account.help, "plan": plan.show}


# -- buttons: when each applies ----------------------------------------------------------------
def anyone(state: State, pressed: Pressed) -> bool:
    return True


def known(state: State, pressed: Pressed) -> bool:
    """The user agreed to be kept."""
    return state.consented


def in_interview(state: State, pressed: Pressed) -> bool:
    """The button belongs to the user's open interview."""
    return state.interview is not None and pressed["interview_id"] == state.interview["id"]


def at_question(state: State, pressed: Pressed) -> bool:
    """...and names the question that interview waits for."""
    return in_interview(state, pressed) and state.question == pressed["question"]


def at_summary(state: State, pressed: Pressed) -> bool:
    return in_interview(state, pressed) and state.question is None


def at_summary_or_editing(state: State, pressed: Pressed) -> bool:
    return in_interview(state, pressed) and (state.question is None or bool(state.interview["editing"]))


def menu(turn: Turn, pressed: Pressed) -> None:
    MENU[pressed["target"]](turn)


# button (buttons.py TABLE)  applies when             answered by
BUTTON_ROUTES: dict[str, tuple[Callable[[State, Pressed], bool], Callable[[Turn, Pressed], None]]] = {
    "agree":        (anyone,                 account.agree),
    "just_ask":     (anyone,                 account.just_ask),
    "set_language": (anyone,                 account.set_language),
    "menu":         (anyone,                 menu),
    "faq_topic":    (anyone,                 free_text.topic_button),
    "forget":       (anyone,                 account.forget_answer),
    "answer":       (at_question,            interview.answer),
    "amount":       (at_question,            typed_answers.quick_amount),
    "skip":         (at_question,            interview.skip),
    "back":         (at_question,            interview.back),
    "why":          (at_question,            interview.why),
    "resume":       (in_interview,           interview.resume),
    "restart":      (in_interview,           interview.restart),
    "finish":       (at_summary,             interview.finish),
    "change":       (at_summary,             interview.change),
    "edit":         (at_summary_or_editing,  interview.edit),
    "summary":      (at_summary,             interview.summary),
    "reuse":        (known,                  interview.reuse),
    "fresh":        (known,                  interview.reuse),
    "reasons":      (known,                  plan.reasons),
    "step":         (known,                  plan.step_menu),
    "step_status":  (known,                  plan.set_status),
    "limit":        (known,                  progress.limit_button),
    "reminders":    (known,                  reminders.choose),
}
INTERVIEW_CHECKS = (in_interview, at_question, at_summary, at_summary_or_editing)


class Advisor:
    """The whole advisor, independent of any chat platform."""

    def __init__(self, store: Store, knowledge: Knowledge, tz: ZoneInfo,
                 clock: Callable[[], datetime] | None = None, renderer: Renderer | None = None):
        self.services = Services.of(store, knowledge, tz, renderer=renderer, clock=clock)

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def k(self) -> Knowledge:
        return self.services.k

    @property
    def renderer(self) -> Renderer:
        return self.services.renderer

    # -- entry points --------------------------------------------------------------------
    def handle(self, event: Event) -> list[Reply]:
        user = self.store.user(event.user)
        if user and not user["active"]:  # a user who had blocked the bot is back
            self.store.set_active(event.user, True)
            user = self.store.user(event.user)
        lang_tag = None
        if event.kind == "button":  # (see buttons.in_language)
            value, lang_tag = untagged(event.value)
            event = replace(event, value=value)
        turn = self._turn(event, user, lang_tag)
        if not event.private:
            if event.kind == "command" and command_name(event.value) in GROUP_COMMANDS:
                turn.say("group_only")
            return turn.replies
        if event.kind == "command":
            self._command(turn, command_name(event.value), command_payload(event.value))
        elif event.kind == "button":
            self._button(turn, event.value)
        elif event.kind == "text":
            self._text(turn, event.value)
        elif event.kind == "forwarded":
            self._forwarded(turn, event.value)
        elif event.kind == "edited":
            self._edited(turn, event.value)
        else:
            turn.say("not_understood")
            interview.reshow(turn)
        if not user and turn.lang != self.k.languages.resolve(event.lang) and not self.store.user(event.user):
            return [in_language(reply, turn.lang) for reply in turn.replies]  # (still nothing stored)
        return turn.replies

    def user_unreachable(self, user: str) -> None:
        """The user blocked the bot: keep their data, send them nothing more."""
        self.store.set_active(user, False)

    def set_reachable(self, user: str, reachable: bool) -> None:
        """The channel says the user blocked (False) or unblocked (True) the bot; a user the
        store does not know is left unknown."""
        if self.store.user(user):
            self.store.set_active(user, reachable)

    def error_reply(self, user: str, lang_hint: str | None, error: BaseException | None = None) -> Reply:
        """What to say when something went wrong while answering (never a traceback), and only
        what is true: when the store failed (a lock held too long, a full disk, a damaged file),
        that this step may not have been saved. Needs no database when the database fails."""
        storage = isinstance(error, StorageError)
        try:
            stored = None if storage else self.store.user(user)
        except StorageError:
            stored, storage = None, True
        lang = stored["language"] if stored else self.k.languages.resolve(lang_hint)
        return Reply(self.renderer.page(lang, "error_storage" if storage else "error"))

    def due_reminders(self, channel: str) -> list[tuple[str, list[Reply]]]:
        """(user key, replies) for every reminder of a channel's users that is due now, counted
        delivered as it is built (a channel that shows them at once: the terminal)."""
        return reminders.due(self.services, channel, self._reminder_turn)

    def claim_reminders(self, channel: str) -> list[reminders.DueReminder]:
        """The reminders due now, claimed; the channel reports each as delivered or failed."""
        return reminders.claim(self.services, channel, self._reminder_turn)

    def reminder_delivered(self, reminder_id: int) -> None:
        reminders.delivered(self.services, reminder_id)

    def reminder_failed(self, reminder_id: int, permanent: bool = False, retry_after: float | None = None) -> None:
        reminders.failed(self.services, reminder_id, permanent, retry_after)

    def _reminder_turn(self, user: str) -> Turn:
        return self._turn(Event(user, "reminder"), self.store.user(user))

    def report(self, outcome: dict, answers: dict, lang: str) -> str:
        """The result page for a diagnosis, as HTML (used by `quota-doctor diagnose`)."""
        return result.report(self.renderer, outcome, answers, lang)

    def language_of(self, hint: str | None) -> str:
        return self.k.languages.resolve(hint)

    # -- routing -------------------------------------------------------------------------
    def _turn(self, event: Event, user: dict | None, lang_tag: str | None = None) -> Turn:
        """A turn in the user's language: the stored one; before any is stored, the client's
        setting, unless the user types in another language the advisor speaks (Telegram has no
        Simplified Chinese of its own: many Chinese users' clients say English), or presses a
        button of a message in another language (`lang_tag`)."""
        lang = user["language"] if user else self.k.languages.resolve(event.lang)
        if not user and event.kind == "text":
            lang = self.k.languages.for_text(lang, written_in(event.value))
        elif not user and lang_tag in self.k.languages:
            lang = lang_tag
        return Turn(self.services, event, lang, user, read(self.store, user))

    def _command(self, turn: Turn, name: str, payload: str = "") -> None:
        if turn.user and turn.user.get("awaiting") and name != "progress":
            self.store.set_awaiting(turn.key, None)
            turn.reload_user()
            turn.state = read(self.store, turn.user)
        flow = COMMAND_FLOWS.get(name)
        if flow is None:
            turn.say("unknown_command", command=name[:32])
            return
        if name == "start":
            account.start(turn, payload)  # a deep link's payload
            return
        flow(turn)

    def _button(self, turn: Turn, data: str) -> None:
        pressed = parse(data)
        route = BUTTON_ROUTES.get(pressed.name) if pressed else None
        if route is None:
            turn.stale_nothing()
            return
        applies, flow = route
        if applies in INTERVIEW_CHECKS:
            if not turn.state.consented:
                turn.say("consent_needed", turn.consent_buttons(), toast=turn.ui("stale_button"))
                return
            if turn.state.paused:  # an interview button resumes a paused interview
                self.store.set_awaiting(turn.key, None)
        if not applies(turn.state, pressed):
            if applies in INTERVIEW_CHECKS and interview.repeated(turn, pressed):
                return
            if applies in INTERVIEW_CHECKS:
                interview.stale(turn, turn.state.interview)
            else:
                turn.stale_nothing()
            return
        flow(turn, pressed)

    def _edited(self, turn: Turn, text: str) -> None:
        """An edited message is taken only where a typed amount is awaited (the current limit, or
        an amount question of the interview): a corrected "5千" is the answer; other edits are
        old words, left alone, unless they speak of a crisis (answered wherever they are)."""
        state = turn.state
        question = turn.k.interview.question_by_id.get(state.question) if state.question else None
        if state.waiting_for_limit or (question is not None and question.kind == "amount" and not state.paused):
            self._text(turn, text)
        else:
            free_text.crisis(turn, text)

    def _forwarded(self, turn: Turn, text: str) -> None:
        """A forwarded message, or the caption of a photo or a document: crisis words first, then
        the shield's verdict on it as a message someone else sent; the interview waits."""
        if not free_text.crisis(turn, text):
            typed = free_text.receive(turn, text)
            if typed is not None:
                free_text.forwarded(turn, typed)
        state = turn.state
        if state.question is not None and not state.paused:
            interview.reshow(turn)

    def _text(self, turn: Turn, text: str) -> None:
        """Typed text. Words of a crisis are answered first, whatever the state, with care and
        the hotline, then a debt question in the same message if there is one, and nothing
        else. Otherwise: the current limit when one is awaited, the answer to the question the
        interview waits for, or else a question (asked again after it, inside the interview)."""
        if free_text.crisis(turn, text):
            typed = free_text.receive(turn, text)
            if typed is not None:
                free_text.question(turn, typed, outside=False, prefer=turn.k.crisis.debt_topics)
            return
        typed = free_text.receive(turn, text)
        if typed is None:
            interview.reshow(turn)
            return
        state = turn.state
        if state.waiting_for_limit and progress.typed_limit(turn, typed.text, typed.kinds):
            return
        if state.question is None or state.paused:
            free_text.question(turn, typed, outside=True)
            return
        if typed_answers.typed_answer(turn, typed.text, typed.kinds):
            return
        if free_text.question(turn, typed, outside=False):
            interview.ask_again(turn, "back_to_question")
        else:
            q = turn.k.question(state.question)
            interview.ask_again(turn, "bad_amount" if q.kind == "amount" else "use_buttons")
