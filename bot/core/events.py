"""What the conversation core receives and says: plain data, shared by the core and the channels."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Event:
    """What a user did: a command (`value` without the slash), a button (`value` = its data),
    a text message, a message someone else sent (`kind` = "forwarded": forwarded, or the caption
    of a photo or a document), or something else (`kind` = "other": a sticker, a photo without
    caption...).
    `user` is a channel-scoped key such as `telegram:123` or `console:1`."""

    user: str
    kind: str
    value: str = ""
    lang: str | None = None  # the client's language hint (Telegram language_code, --lang)
    private: bool = True     # False in a group chat: only /start and /help are answered there

    def __post_init__(self) -> None:
        # half an emoji (a lone surrogate, which JSON can carry) can be neither stored nor encoded:
        # it becomes U+FFFD, and the rest of the text is read as usual
        try:
            self.value.encode("utf-8")
        except UnicodeEncodeError:
            whole = self.value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            object.__setattr__(self, "value", whole)


@dataclass(frozen=True)
class Button:
    label: str
    data: str = ""
    url: str | None = None  # a link button instead of a callback (channels may add these)


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes


@dataclass(frozen=True)
class Reply:
    """One message: HTML text (b, i, code, a) and rows of buttons. `edit` asks the channel to
    replace the message whose button was pressed; `toast` is a short answer to the press.
    A channel with a length limit splits `text` itself."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False
    toast: str | None = None
    document: Document | None = None
    photo: Document | None = None  # a PNG; `text` is then its caption


def rows_of(buttons: Iterable[Button], per_row: int = 2) -> list[list[Button]]:
    """Buttons laid out `per_row` to a row."""
    buttons = list(buttons)
    return [buttons[i:i + per_row] for i in range(0, len(buttons), per_row)]


def channel_of(user: str) -> str:
    """'telegram' for 'telegram:123'."""
    return user.split(":", 1)[0]
