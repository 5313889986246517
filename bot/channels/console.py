"""The terminal channel: the same advisor, buttons as numbered options, HTML as plain text."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ..core import Advisor, Button, Event, Reply
from ..render.plain import to_plain
from ..store import CONSOLE_USER

CHANNEL = "console"


class Console:
    """Reads lines, sends them to the advisor as events, prints the replies."""

    def __init__(self, advisor: Advisor, lang: str | None, out: TextIO, styled: bool = False,
                 files_dir: Path = Path("."), user: str = CONSOLE_USER):
        self.advisor = advisor
        self.lang = lang
        self.out = out
        self.styled = styled
        self.files_dir = files_dir
        self.user = user
        self.options: list[Button] = []

    def send(self, kind: str, value: str) -> None:
        self.show(self.advisor.handle(Event(self.user, kind, value, self.lang)))

    def show(self, replies: list[Reply]) -> None:
        options: list[Button] = []
        for reply in replies:
            # a terminal cannot change what it printed: an edited message is printed again, below
            print(to_plain(reply.text, self.styled), file=self.out)
            for attachment in (reply.document, reply.photo):
                if attachment is not None:
                    path = self.files_dir / attachment.filename
                    path.write_bytes(attachment.content)
                    path.chmod(0o600)
                    print(f"→ {path.resolve()}", file=self.out)
            for row in reply.buttons:
                for button in row:
                    options.append(button)
                    shown = to_plain(button.label)
                    print(f"  [{len(options)}] {shown}" + (f" ({button.url})" if button.url else ""), file=self.out)
            print(file=self.out)
        if options:
            self.options = options
        self.out.flush()

    def line(self, line: str) -> None:
        """One typed line: an option number, a /command, or text."""
        line = line.strip()
        if not line:
            return
        if line.isdigit() and 1 <= int(line) <= len(self.options) and not self.options[int(line) - 1].url:
            self.send("button", self.options[int(line) - 1].data)
        elif line.startswith("/"):
            self.send("command", line[1:])
        else:
            self.send("text", line)

    def run(self, lines: TextIO) -> None:
        for user, replies in self.advisor.due_reminders(CHANNEL):
            if user == self.user:
                self.show(replies)
        self.send("command", "start")
        try:
            for line in lines:
                self.line(line)
        except KeyboardInterrupt:
            pass
        print("👋", file=self.out)


def chat(advisor: Advisor, lang: str | None, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    console = Console(advisor, lang, stdout, styled=stdout.isatty())
    if stdin.isatty():
        hint = advisor.renderer.page(advisor.language_of(lang), "console_hint")
        print(to_plain(hint), file=stdout)
    console.run(_prompted(stdin, stdout) if stdin.isatty() else stdin)


def _prompted(stdin: TextIO, stdout: TextIO):
    while True:
        try:
            stdout.write("> ")
            stdout.flush()
            line = stdin.readline()
        except EOFError:
            return
        if not line:
            return
        yield line
