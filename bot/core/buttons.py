"""Every button the advisor sends, in one table: the short code its data starts with, what
pressing it means, and its arguments. Button data is `code:arg:arg...` (`a:12:employment:stable`
answers question `employment` of interview 12 with `stable`); ids in it let a press from an old
message be recognised and answered politely instead of applied. Which state each button applies
in, and which flow answers it, is the routing table in `advisor.py`."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .events import Button, Reply


@dataclass(frozen=True)
class Code:
    code: str                  # what the button's data starts with (kept short: Telegram allows 64 bytes)
    name: str                  # what pressing it means
    args: tuple[str, ...] = ()  # its arguments, in order; `*_id` and `index` are whole numbers
    choices: tuple[str, ...] = ()  # the values its one argument may take, when they are fixed
    slow: bool = False         # its reply takes a moment: a channel may show "typing"


TABLE = (
    # consent, language, menus
    Code("ok", "agree", ("lang",)),                    # "I agree": consent, then the interview
    Code("ask", "just_ask", ("lang",)),                # no consent: only ask a question
    Code("lang", "set_language", ("lang",)),
    Code("menu", "menu", ("target",), choices=("diagnose", "help", "plan")),
    Code("q", "faq_topic", ("topic",)),                # "did you mean": show this FAQ answer
    Code("fg", "forget", ("confirmed",), choices=("yes", "no")),
    # the interview
    Code("a", "answer", ("interview_id", "question", "choice")),
    Code("amt", "amount", ("interview_id", "question", "amount")),  # a quick amount (whole yuan)
    Code("s", "skip", ("interview_id", "question")),
    Code("bk", "back", ("interview_id", "question")),
    Code("why", "why", ("interview_id", "question")),
    Code("res", "resume", ("interview_id",)),
    Code("new", "restart", ("interview_id",)),
    Code("fin", "finish", ("interview_id",), slow=True),  # see the result: the diagnosis is built
    Code("chg", "change", ("interview_id",)),          # the summary's "change an answer" menu
    Code("ed", "edit", ("interview_id", "question")),
    Code("sum", "summary", ("interview_id",)),
    Code("reuse", "reuse", ("interview_id",)),         # start again from the previous answers
    Code("fresh", "fresh", ("interview_id",)),
    # follow-up
    Code("rs", "reasons", ("diagnosis_id",)),          # the result's reasons, explained
    Code("st", "step", ("diagnosis_id", "index")),     # one plan step: choose its status
    Code("ss", "step_status", ("diagnosis_id", "index", "status")),
    Code("lim", "limit", ("what",), choices=("ask", "0", "same")),
    Code("rm", "reminders", ("frequency",)),
)
BY_CODE = {c.code: c for c in TABLE}
BY_NAME = {c.name: c for c in TABLE}


@dataclass(frozen=True)
class Pressed:
    """A button press, read: the code's name and its arguments by name (numbers as int)."""
    name: str
    args: dict

    def __getitem__(self, arg: str):
        return self.args[arg]


def data(name: str, *args: object) -> str:
    """The data of a button that means `name` with these arguments."""
    code = BY_NAME[name]
    if len(args) != len(code.args):
        raise ValueError(f"{name} takes {code.args}, got {args!r}")
    return ":".join((code.code, *(str(a) for a in args)))


def button(label: str, name: str, *args: object) -> Button:
    return Button(label, data(name, *args))


def parse(raw: str) -> Pressed | None:
    """What a button's data means, or None when it is not one of ours (forged, or malformed)."""
    parts = (raw or "").split(":")
    code = BY_CODE.get(parts[0])
    if code is None or len(parts) - 1 != len(code.args):
        return None
    args = {}
    for name, value in zip(code.args, parts[1:]):
        if name.endswith("_id") or name == "index":
            if not (value.isascii() and value.isdigit()):
                return None
            args[name] = int(value)
        elif code.choices and value not in code.choices:
            return None
        else:
            args[name] = value
    return Pressed(code.name, args)


def is_slow(raw: str) -> bool:
    """Whether the reply to this button takes a moment (a channel may show "typing")."""
    code = BY_CODE.get((raw or "").split(":", 1)[0])
    return bool(code and code.slow)


LANG_TAG = "@"   # button data never holds it otherwise (codes, ids, numbers, language codes)
MAX_DATA = 64    # bytes of data a button may carry (Telegram's limit)


def in_language(reply: Reply, lang: str) -> Reply:
    """A reply whose buttons carry the language it was written in (`q:cannot_repay@zh`): a user
    with no stored language who typed in another language than their client's keeps it when
    pressing one ("did you mean", the menu), before consent stores anything."""
    def tag(b: Button) -> Button:
        data = f"{b.data}{LANG_TAG}{lang}"
        return b if b.url or not b.data or len(data.encode()) > MAX_DATA else Button(b.label, data)
    return replace(reply, buttons=tuple(tuple(tag(b) for b in row) for row in reply.buttons))


def untagged(raw: str) -> tuple[str, str | None]:
    """A button's data without its language tag, and the tag (None when it has none)."""
    data, tagged, lang = (raw or "").rpartition(LANG_TAG)
    return (data, lang) if tagged else (raw, None)
