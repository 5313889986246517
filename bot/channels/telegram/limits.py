"""Telegram's limits on what a bot sends, and how replies are fitted to them."""
from __future__ import annotations

import re

MAX_TEXT = 4096       # characters in one message
MAX_CAPTION = 1024    # characters in a photo's or document's caption
MAX_CALLBACK = 64     # bytes of callback data on one button
MAX_TOAST = 200       # characters in a button press's answer


class CallbackTooLong(ValueError):
    """Button data longer than Telegram's 64 bytes."""


def check_callback(data: str) -> str:
    if len(data.encode("utf-8")) > MAX_CALLBACK:
        raise CallbackTooLong(data)
    return data


_TAG = re.compile(r"<(/?)([a-z\-]+)[^>]*>")


def split_message(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split HTML text into messages of at most `limit` characters, on paragraph boundaries,
    then lines, then anywhere outside a tag or an entity. A tag open at a cut is closed at the
    end of one message and opened again at the start of the next."""
    if len(text) <= limit:
        return [text]
    budget = limit - 64  # room to close and reopen tags
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, budget):
        candidate = f"{current}\n\n{piece}" if current else piece
        if len(candidate) <= budget:
            current = candidate
        else:
            if current:
                chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    out, carried = [], ""
    for chunk in chunks:
        body = carried + chunk
        still_open = _open_tags(body)
        carried = "".join(tag for _, tag in still_open)
        if chunk.strip():
            out.append(body + "".join(f"</{name}>" for name, _ in reversed(still_open)))
    return out


def _pieces(text: str, budget: int) -> list[str]:
    out = []
    for para in text.split("\n\n"):
        if len(para) <= budget:
            out.append(para)
            continue
        line_acc = ""
        for line in para.split("\n"):
            while len(line) > budget:
                cut = _safe_cut(line, budget)
                if line_acc:
                    out.append(line_acc)
                    line_acc = ""
                out.append(line[:cut])
                line = line[cut:]
            candidate = f"{line_acc}\n{line}" if line_acc else line
            if len(candidate) <= budget:
                line_acc = candidate
            else:
                out.append(line_acc)
                line_acc = line
        if line_acc:
            out.append(line_acc)
    return out


def _safe_cut(s: str, at: int) -> int:
    """The largest cut position <= at that is not inside a tag or an entity."""
    cut = at
    while cut > 0:
        head = s[:cut]
        if head.rfind("<") <= head.rfind(">") and head.rfind("&") <= head.rfind(";"):
            return cut
        cut -= 1
    return at


def _open_tags(html_text: str) -> list[tuple[str, str]]:
    """The tags still open at the end of the text, outermost first, as (name, opening tag)."""
    stack: list[tuple[str, str]] = []
    for m in _TAG.finditer(html_text):
        if not m.group(1):
            stack.append((m.group(2), m.group(0)))
        elif stack and stack[-1][0] == m.group(2):
            stack.pop()
    return stack
