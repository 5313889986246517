"""Personal numbers out of free text, and scam offers recognised in it (pure).

`redact` runs before anything a user typed is stored or logged. `scam_kinds` reads the
patterns of knowledge/safety.yaml on text normalised by `textnorm.normalize`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .knowledge import Knowledge, ScamPattern
from .textnorm import normalizer_for

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


# `#` in a term: an amount of money (500, 1.5k, 2万, 八百, 3,000, ¥200, 200rmb), never a count of
# years or days
_AMOUNT = (r"(?:(?:[¥$￥]|rmb|cny)\s*(?=\d))?"  # a currency before the number: ¥200, rmb500
           r"(?:\d+(?:\.\d+)?\s*(?:rmb|cny|yuan|usd)(?![a-z])"  # or after it: 200rmb
           r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|\.\d)|\d+(?:\.\d+)?\s*(?:k|w|万|千|百|元|块)(?![a-z])|\d{2,}(?:\.\d+)?(?!\d|\.\d)"
           r"(?!\s*(?:年|个月|月|天|日|期|次|号|岁|%|years?|months?|days?|weeks?|times?|x\b))"
           r"|[一二两三四五六七八九十几]+[百千万])(?!\s*(?:back|off)\b)")


@functools.lru_cache(maxsize=4096)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """One regular expression for a list of terms, so a text is searched once per list; the
    word-boundary checks of the English terms are shared, which keeps the search fast."""
    def body(term: str) -> str:
        return _AMOUNT.join(re.escape(part) for part in term.split("#"))
    english = [t for t in terms if t.isascii()]
    # an English word needs a boundary on its letter or digit side only: ".com" ends a domain
    words = [body(t) for t in english if t[:1].isalnum() or t[:1] == "#"]
    tails = [body(t) for t in english if not (t[:1].isalnum() or t[:1] == "#")]
    chinese = [body(t) for t in terms if not t.isascii()]
    parts = ([rf"(?<![a-z0-9])(?:{'|'.join(words)})(?![a-z0-9])"] if words else []) \
        + ([rf"(?:{'|'.join(tails)})(?![a-z0-9])"] if tails else []) + chinese
    return re.compile("|".join(parts) if parts else "(?!)")


def has_any(terms: tuple[str, ...], text: str) -> bool:
    """Whether the text has one of the terms: a Chinese term anywhere, an English one as a whole
    word or phrase; `#` in a term stands for an amount of money."""
    return _terms_pattern(tuple(terms)).search(text) is not None


# Scam ads dodge keyword filters: "微 粒 贷 强 开". A run of three or more single Chinese
# characters separated by spaces is closed up (normal Chinese has no spaces; the normaliser's own
# spaces surround whole words); look-alike spellings (safety.yaml `lookalikes`) are mapped back;
# then the text is normalised again. Texts without them are left untouched.
_CJK = "\u3400-\u9fff"
_SPACED = re.compile(rf"(?<![{_CJK}])[{_CJK}](?: [{_CJK}](?![{_CJK}])){{2,}}")


def _compiled(knowledge: Knowledge) -> tuple[tuple[tuple[re.Pattern, str], ...], re.Pattern]:
    """The knowledge base's look-alikes and price questions (safety.yaml), compiled once."""
    return _compile(knowledge.scam_lookalikes, knowledge.scam_price_questions)


@functools.lru_cache(maxsize=8)
def _compile(lookalikes: tuple[tuple[str, str], ...], price_questions: tuple[str, ...]):
    return (tuple((re.compile(pattern), word) for pattern, word in lookalikes),
            re.compile("|".join(f"(?:{r})" for r in price_questions) or "(?!)"))


def unmask(normalized: str, knowledge: Knowledge) -> str:
    """The text with spaced-out and look-alike spellings of scam words restored (see above)."""
    text = _SPACED.sub(lambda m: m.group(0).replace(" ", ""), normalized)
    for pattern, word in _compiled(knowledge)[0]:
        text = pattern.sub(word, text)
    return text if text == normalized else normalizer_for(knowledge.synonyms)(text)


def scam_kinds(normalized: str, knowledge: Knowledge) -> tuple[str, ...]:
    """The ids of the scam patterns this (normalised) text matches. An innocent phrase
    (knowledge/safety.yaml) silences the combination patterns (`all_of`), never a term that
    is a scam by itself (`any_of`); a question about a price is no price (`price_questions`)."""
    normalized = unmask(normalized, knowledge)
    innocent = has_any(knowledge.scam_innocent, normalized)
    asked = _compiled(knowledge)[1].sub(" ", normalized)
    found = []
    for pattern in knowledge.scam_patterns:
        if has_any(pattern.any_of, normalized):
            found.append(pattern.id)
        elif pattern.all_of and not innocent and all(has_any(group, asked) for group in pattern.all_of):
            found.append(pattern.id)
    return tuple(found)
