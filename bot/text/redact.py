"""Personal numbers out of free text, before anything a user typed is stored or logged (pure)."""
from __future__ import annotations

import re
from dataclasses import dataclass

_ID = re.compile(r"(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9xX](?![0-9])")
_ID15 = re.compile(r"(?<![0-9])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9])")
_CARD = re.compile(r"(?<![0-9])(?:\d[ -]?){12,18}\d(?![0-9])")
_PHONE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@dataclass(frozen=True)
class Redacted:
    text: str
    kinds: tuple[str, ...]  # what was removed: id, card, phone, email


def redact(text: str) -> Redacted:
    """Replace Chinese ID numbers, bank card numbers (Luhn-checked), phone numbers and e-mail
    addresses with placeholders such as [phone]."""
    kinds: list[str] = []

    def sub(pattern: re.Pattern, kind: str, s: str, check=None) -> str:
        def repl(m: re.Match) -> str:
            if check is not None and not check(m.group(0)):
                return m.group(0)
            if kind not in kinds:
                kinds.append(kind)
            return f"[{kind}]"
        return pattern.sub(repl, s)

    text = sub(_EMAIL, "email", text)
    text = sub(_ID, "id", text)
    text = sub(_ID15, "id", text)
    text = sub(_PHONE, "phone", text)
    text = sub(_CARD, "card", text, lambda s: luhn_ok(re.sub(r"\D", "", s)))
    return Redacted(text, tuple(kinds))
