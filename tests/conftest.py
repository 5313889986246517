"""Shared fixtures: a fresh store, an advisor over it, and a `Chat` that plays a user."""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.advisor import Advisor  # noqa: E402
from bot.messages import Event, Reply  # noqa: E402
from bot.knowledge import default  # noqa: E402
from bot.store import Store  # noqa: E402
from fake_bot_api import check_html  # noqa: E402


def telegram_html_problems(text: str) -> list[str]:
    """What Telegram would refuse in a message sent with HTML parse mode."""
    shown, problems = check_html(text)
    if len(text) > 4096:
        problems.append(f"{len(text)} characters (over 4096)")
    if not shown.strip():
        problems.append("empty message")
    return problems


def plain(text: str) -> str:
    """What the user reads: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


class Chat:
    """One user talking to the advisor; every reply is checked against Telegram's rules."""

    def __init__(self, advisor: Advisor, user_id: int = 42, lang: str = "en"):
        self.advisor = advisor
        self.user_id = user_id
        self.lang = lang
        self.last: list[Reply] = []
        self.history: list[Reply] = []

    def _send(self, kind: str, value: str) -> list[Reply]:
        self.last = self.advisor.handle(Event(self.user_id, kind, value, self.lang))
        for reply in self.last:
            assert telegram_html_problems(reply.text) == [], (reply.text, telegram_html_problems(reply.text))
            for row in reply.buttons:
                for button in row:
                    assert len(button.data.encode()) <= 64, button.data
                    assert button.label.strip()
        self.history.extend(self.last)
        return self.last

    def command(self, name: str) -> list[Reply]:
        return self._send("command", name)

    def say(self, text: str) -> list[Reply]:
        return self._send("text", text)

    def other(self) -> list[Reply]:
        return self._send("other", "sticker")

    def press_data(self, data: str) -> list[Reply]:
        return self._send("button", data)

    def buttons(self) -> list:
        return [b for r in self.last for row in r.buttons for b in row]

    def button(self, label: str):
        found = [b for b in self.buttons() if label.casefold() in plain(b.label).casefold()]
        assert found, f"no button {label!r} among {[b.label for b in self.buttons()]}"
        return found[0]

    def press(self, label: str) -> list[Reply]:
        return self.press_data(self.button(label).data)

    @property
    def text(self) -> str:
        """Everything the last event's replies said, as the user reads it."""
        return "\n".join(plain(r.text) for r in self.last)


@pytest.fixture
def knowledge():
    return default()


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "qd.db")
    yield s
    s.close()


@pytest.fixture
def advisor(store, knowledge):
    return Advisor(store, knowledge)


@pytest.fixture
def chat(advisor):
    return Chat(advisor)
