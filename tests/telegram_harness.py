"""Runs `quota-doctor run` as a separate process against the fake Bot API, and plays users."""
from __future__ import annotations

import os
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.fake_bot_api import FakeBotAPI, Message

ROOT = Path(__file__).resolve().parent.parent


def daytime_zone() -> str:
    """A fixed-offset zone where it is about noon now, so quiet hours never hold reminders back."""
    offset = (12 - time.gmtime().tm_hour + 12) % 24 - 12
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BotProcess:
    """`python -m bot run` with TELEGRAM_BASE_URL pointing at the fake; stderr kept in a file."""

    def __init__(self, fake: FakeBotAPI, base_url: str, db: Path, log: Path, *args: str, env: dict | None = None,
                 prefix: tuple[str, ...] = (), file_size_limit: int | None = None):
        """`prefix`: a command the process runs under (setpriv, to take root's power to write a
        read-only file); `file_size_limit`: no file the process writes may grow past that many
        bytes (to SQLite, a disk that refuses writes)."""
        self.fake, self.log = fake, log
        fake.db_path = db  # users wait until the bot marked their update handled in its inbox
        self.fake.commands.clear()
        self.fake.group_commands.clear()
        self.fake.short_descriptions.clear()
        environment = dict(os.environ, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=base_url,
                           QUOTA_DOCTOR_DB=str(db), PYTHONUNBUFFERED="1")
        environment.update(env or {})
        self.stderr = open(log, "ab")
        def limit() -> None:
            if file_size_limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))
        self.proc = subprocess.Popen([*prefix, sys.executable, "-m", "bot", "run", *args], cwd=db.parent,
                                     env=environment, stdout=self.stderr, stderr=self.stderr,
                                     preexec_fn=limit if file_size_limit is not None else None)

    def wait_ready(self, timeout: float = 30) -> None:
        self.fake.wait_for(lambda: None in self.fake.short_descriptions and "zh" in self.fake.short_descriptions
                           or self.proc.poll() is not None,
                           timeout)
        assert self.proc.poll() is None, self.log.read_text()

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()
        return self.proc.returncode


class TgUser:
    """One Telegram user talking to the bot through the fake API."""

    def __init__(self, fake: FakeBotAPI, user_id: int, lang: str = "en"):
        self.fake, self.id, self.lang = fake, user_id, lang
        self.key = f"telegram:{user_id}"  # how the core and the store know this user

    def settle(self, update_id: int, quiet: float = 0.3, timeout: float = 15) -> None:
        """Wait until the bot fetched the update and marked it handled (its inbox), then until it
        made no call for `quiet` seconds."""
        fetched = self.fake.wait_for(lambda: self._fetched_at(update_id), timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._handling(update_id):
            time.sleep(0.02)
        while time.monotonic() < deadline:
            with self.fake.cond:
                last = max((t for t, m, _ in self.fake.calls if m != "getUpdates"), default=0)
            if time.monotonic() - max(last, fetched) >= quiet:
                return
            time.sleep(quiet / 3)

    def _handling(self, update_id: int) -> bool:
        """The update is in the bot's inbox and not yet handled."""
        db = getattr(self.fake, "db_path", None)
        if db is None or not Path(db).exists():
            return False
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                row = conn.execute("select handled_at from inbox where update_id = ?", [update_id]).fetchone()
        except sqlite3.Error:
            return False
        return row is not None and row[0] is None

    def _fetched_at(self, update_id: int) -> float | None:
        """When the bot acknowledged the update (asked for the ones after it)."""
        return next((t for t, m, p in self.fake.calls
                     if m == "getUpdates" and int(p.get("offset") or 0) > update_id), None)

    def messages(self) -> list[Message]:
        return self.fake.bot_messages(self.id)

    def send(self, text: str) -> list[Message]:
        before = {m.message_id for m in self.messages()}
        self.settle(self.fake.send_text(self.id, text, self.lang))
        return [m for m in self.messages() if m.message_id not in before]

    def photo(self, caption: str | None = None) -> list[Message]:
        before = {m.message_id for m in self.messages()}
        self.settle(self.fake.send_photo(self.id, self.lang, caption))
        return [m for m in self.messages() if m.message_id not in before]

    def forward(self, text: str) -> list[Message]:
        before = {m.message_id for m in self.messages()}
        self.settle(self.fake.forward_text(self.id, text, self.lang))
        return [m for m in self.messages() if m.message_id not in before]

    def sticker(self) -> list[Message]:
        before = {m.message_id for m in self.messages()}
        self.settle(self.fake.send_sticker(self.id, self.lang))
        return [m for m in self.messages() if m.message_id not in before]

    def find_button(self, label: str) -> tuple[Message, dict]:
        for msg in reversed(self.messages()):
            for row in msg.buttons:
                for b in row:
                    if label.casefold() in b["text"].casefold():
                        return msg, b
        raise AssertionError(f"no button {label!r} in {[m.text[:40] for m in self.messages()[-3:]]}")

    def press(self, label: str) -> list[Message]:
        msg, button = self.find_button(label)
        return self.press_data(msg.message_id, button["callback_data"])

    def press_data(self, message_id: int, data: str) -> list[Message]:
        before = {m.message_id for m in self.messages()}
        qid = self.fake.press(self.id, message_id, data, self.lang)
        self.settle(self.fake.queries[qid]["update_id"])
        self.last_query = self.fake.queries[qid]
        return [m for m in self.messages() if m.message_id not in before]

    def question(self) -> str | None:
        """The question the newest message with buttons asks (None if it asks none)."""
        with_buttons = [m for m in self.messages() if m.buttons]
        if not with_buttons:
            return None
        for row in with_buttons[-1].buttons:
            for b in row:
                if (b.get("callback_data") or "").startswith("why:"):
                    return b["callback_data"].split(":")[2]
        return None

    def text(self) -> str:
        return self.messages()[-1].text if self.messages() else ""
