"""Personal numbers out of free text, and scam offers recognised in it (pure).

`redact` runs before anything a user typed is stored or logged. `scam_kinds` reads the
patterns of knowledge/safety.yaml on text normalised by `textnorm.normalize`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .knowledge import Knowledge, ScamPattern

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


# `#` in a term: an amount of money (500, 1.5k, 2万, 八百), never a count of years or days
_AMOUNT = (r"(?:\d+(?:\.\d+)?\s*(?:k|w|万|千|百|元|块)(?![a-z])|\d{2,}(?:\.\d+)?(?![\d.])"
           r"(?!\s*(?:年|个月|月|天|日|期|次|号|岁|%|years?|months?|days?|weeks?|times?|x\b))"
           r"|[一二两三四五六七八九十几]+[百千万])(?!\s*(?:back|off)\b)")


@functools.lru_cache(maxsize=4096)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """One regular expression for a list of terms, so a text is searched once per list; the
    word-boundary checks of the English terms are shared, which keeps the search fast."""
    def body(term: str) -> str:
        return _AMOUNT.join(re.escape(part) for part in term.split("#"))
    english = [body(t) for t in terms if t.isascii()]
    chinese = [body(t) for t in terms if not t.isascii()]
    parts = ([rf"(?<![a-z0-9])(?:{'|'.join(english)})(?![a-z0-9])"] if english else []) + chinese
    return re.compile("|".join(parts) if parts else "(?!)")


def has_any(terms: tuple[str, ...], text: str) -> bool:
    """Whether the text has one of the terms: a Chinese term anywhere, an English one as a whole
    word or phrase; `#` in a term stands for an amount of money."""
    return _terms_pattern(tuple(terms)).search(text) is not None


def scam_kinds(normalized: str, knowledge: Knowledge) -> tuple[str, ...]:
    """The ids of the scam patterns this (normalised) text matches. An innocent phrase
    (knowledge/safety.yaml) silences the combination patterns (`all_of`), never a term that
    is a scam by itself (`any_of`)."""
    innocent = has_any(knowledge.scam_innocent, normalized)
    found = []
    for pattern in knowledge.scam_patterns:
        if has_any(pattern.any_of, normalized):
            found.append(pattern.id)
        elif pattern.all_of and not innocent and all(has_any(group, normalized) for group in pattern.all_of):
            found.append(pattern.id)
    return tuple(found)
