"""The terminal front end: the same advisor, buttons as numbered options, HTML as plain text."""
from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import TextIO

from .advisor import Advisor
from .messages import Button, Event, Reply

LOCAL_USER = 1  # the terminal has one user


class _TerminalText(HTMLParser):
    """Telegram HTML → terminal text: bold and italic as ANSI styles when `styled`."""

    STYLES = {"b": "\033[1m", "strong": "\033[1m", "i": "\033[3m", "em": "\033[3m", "code": "\033[36m"}

    def __init__(self, styled: bool):
        super().__init__(convert_charrefs=True)
        self.styled = styled
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.styled and tag in self.STYLES:
            self.open.append(tag)
            self.out.append(self.STYLES[tag])

    def handle_endtag(self, tag):
        if self.styled and tag in self.STYLES and tag in self.open:
            self.open.remove(tag)
            self.out.append("\033[0m" + "".join(self.STYLES[t] for t in self.open))

    def handle_data(self, data):
        self.out.append(data)


def to_terminal(text: str, styled: bool = False) -> str:
    """Readable terminal text for a reply's HTML."""
    parser = _TerminalText(styled)
    parser.feed(text)
    parser.close()
    return "".join(parser.out)


class Console:
    """Reads lines, sends them to the advisor as events, prints the replies."""

    def __init__(self, advisor: Advisor, lang: str | None, out: TextIO, styled: bool = False,
                 files_dir: Path = Path("."), user_id: int = LOCAL_USER):
        self.advisor = advisor
        self.lang = lang
        self.out = out
        self.styled = styled
        self.files_dir = files_dir
        self.user_id = user_id
        self.options: list[Button] = []

    def send(self, kind: str, value: str) -> None:
        self.show(self.advisor.handle(Event(self.user_id, kind, value, self.lang)))

    def show(self, replies: list[Reply]) -> None:
        options: list[Button] = []
        for reply in replies:
            # a terminal cannot change what it printed: an edited message is printed again, below
            print(to_terminal(reply.text, self.styled), file=self.out)
            for attachment in (reply.document, reply.photo):
                if attachment is not None:
                    path = self.files_dir / attachment.filename
                    path.write_bytes(attachment.content)
                    path.chmod(0o600)
                    print(f"→ {path.resolve()}", file=self.out)
            for row in reply.buttons:
                for button in row:
                    options.append(button)
                    print(f"  [{len(options)}] {to_terminal(button.label)}", file=self.out)
            print(file=self.out)
        if options:
            self.options = options
        self.out.flush()

    def line(self, line: str) -> None:
        """One typed line: an option number, a /command, or text."""
        line = line.strip()
        if not line:
            return
        if line.isdigit() and 1 <= int(line) <= len(self.options):
            self.send("button", self.options[int(line) - 1].data)
        elif line.startswith("/"):
            self.send("command", line[1:])
        else:
            self.send("text", line)

    def run(self, lines: TextIO) -> None:
        for user_id, replies in self.advisor.due_reminders():
            if user_id == self.user_id:
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
        print(to_terminal(advisor.renderer.page(lang or "en", "console_hint")), file=stdout)
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
