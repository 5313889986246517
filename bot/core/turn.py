"""One event being answered, and how the core speaks: every flow takes a `Turn` and says things
through it (pages from templates, interface words, buttons), never through the Advisor."""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Sequence
from zoneinfo import ZoneInfo

from ..kb.schema import Knowledge, Question
from ..render.pages import Renderer, format_yuan
from ..store import Store
from ..text.faq import FaqMatcher, matcher_for
from . import buttons
from .events import Button, Document, Event, Reply
from .states import State

ButtonRows = Sequence[Sequence[Button]]


class SteadyClock:
    """Now, in UTC, never earlier than the last answer: when the system clock steps back (a
    correction, a bad NTP answer), time goes on from where it was by the monotonic clock, so
    due reminders and stored times do not wait for the wall clock to catch up."""

    def __init__(self, wall: Callable[[], datetime] | None = None, monotonic: Callable[[], float] = time.monotonic):
        self.wall = wall or (lambda: datetime.now(timezone.utc))
        self.monotonic = monotonic
        self.last: tuple[datetime, float] | None = None

    def __call__(self) -> datetime:
        now, tick = self.wall(), self.monotonic()
        if self.last is not None:
            now = max(now, self.last[0] + timedelta(seconds=tick - self.last[1]))
        self.last = (now, tick)
        return now


@dataclass
class Services:
    """What the flows work with: the store, the knowledge base, its pages and matcher, the clock."""
    store: Store
    k: Knowledge
    renderer: Renderer
    clock: Callable[[], datetime]
    tz: ZoneInfo

    @classmethod
    def of(cls, store: Store, k: Knowledge, tz: ZoneInfo, renderer: Renderer | None = None,
           clock: Callable[[], datetime] | None = None) -> "Services":
        return cls(store, k, renderer or Renderer(k), clock or SteadyClock(), tz)

    @functools.cached_property
    def matcher(self) -> FaqMatcher:
        """The FAQ matcher, built on the first free text (building takes a fraction of a second)."""
        return matcher_for(self.k)


@dataclass
class Turn:
    """Who is answered, in which language, and the replies so far."""
    services: Services
    event: Event
    lang: str
    user: dict | None                      # the stored user, None before consent
    state: State | None = None             # where the user was when the event came (states.py)
    replies: list[Reply] = field(default_factory=list)
    comforted: bool = False                # a kind word was said this turn (the crisis line's gentle version)

    # -- who ---------------------------------------------------------------------------
    @property
    def key(self) -> str:
        return self.event.user

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def k(self) -> Knowledge:
        return self.services.k

    def reload_user(self) -> None:
        self.user = self.store.user(self.key)

    # -- speaking ----------------------------------------------------------------------
    def page(self, name: str, **context: Any) -> str:
        return self.services.renderer.page(self.lang, name, **context)

    def ui(self, key: str) -> str:
        return self.k.text(key, self.lang)

    def say(self, name: str, buttons: ButtonRows = (), edit: bool = False, toast: str | None = None,
            **context: Any) -> None:
        """Add the page `name` as one message, with rows of buttons."""
        self.replies.append(Reply(self.page(name, **context), tuple(tuple(r) for r in buttons),
                                  edit=edit, toast=toast))

    def photo(self, png: bytes, filename: str, caption: str) -> None:
        self.replies.append(Reply(caption, photo=Document(filename, png)))

    def document(self, content: bytes, filename: str, text: str) -> None:
        self.replies.append(Reply(text, document=Document(filename, content)))

    def button(self, ui_key: str, name: str, *args: object) -> Button:
        """A button labelled with an interface word."""
        return buttons.button(self.ui(ui_key), name, *args)

    def answer_text(self, q: Question, value: Any) -> str:
        return answer_text(self.k, self.lang, q, value)

    # -- the buttons several flows offer -----------------------------------------------
    def main_menu(self) -> list[list[Button]]:
        return [[self.button("btn_diagnose", "menu", "diagnose"), self.button("btn_help", "menu", "help")]]

    def consent_buttons(self) -> list[list[Button]]:
        others = [lang for lang in self.k.languages if lang.code != self.lang]
        return [[self.button("btn_agree", "agree", self.lang)],
                [self.button("btn_just_ask", "just_ask", self.lang),
                 *(buttons.button(self.ui("btn_language").format(name=lang.name), "set_language", lang.code)
                   for lang in others)]]

    def stale_nothing(self) -> None:
        """A button from an old message, with nothing open to go back to."""
        self.say("stale_nothing", self.main_menu(), toast=self.ui("stale_button"))


def answer_text(k: Knowledge, lang: str, q: Question, value: Any) -> str:
    """An answer as the user reads it."""
    if value is None:
        return k.text("skipped", lang)
    if q.kind == "amount":
        return format_yuan(k, lang, value)
    choice = q.choice(value)
    return choice.text.get(lang) if choice else str(value)
