"""Term lists searched in a prepared text (pure): a Chinese term anywhere, an English term as a
whole word or phrase, `#` in a term for an amount of money. Each list is one regular expression,
compiled once and searched once per text (`Search`)."""
from __future__ import annotations

import functools
import re

# `#` in a term: an amount of money (500, 1.5k, 2万, 八百, 3,000, ¥200, 200rmb), never a count of
# years or days
AMOUNT = (r"(?:(?:[¥$￥]|rmb|cny)\s*(?=\d))?"  # a currency before the number: ¥200, rmb500
           r"(?:\d+(?:\.\d+)?\s*(?:rmb|cny|yuan|usd)(?![a-z])"  # or after it: 200rmb
           r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|\.\d)|\d+(?:\.\d+)?\s*(?:k|w|万|千|百|元|块)(?![a-z])|\d{2,}(?:\.\d+)?(?!\d|\.\d)"
           r"(?!\s*(?:年|个月|月|天|日|期|次|号|岁|%|(?:years?|months?|days?|weeks?|times?)(?![a-z])|x\b))"
           r"|[一二两三四五六七八九十几]+[百千万])(?!\s*(?:back|off)\b)")


def _alternatives(terms: list[str]) -> str:
    """Terms as one alternation. The amount is written once for all the terms that end with it
    ("交#", "pay #") and once for all that start with it ("# fee"), instead of once per term:
    the search is then nearly as fast as for plain words. A term with `#` inside ("a # fee")
    keeps its own."""
    plain = [re.escape(t) for t in terms if "#" not in t]
    before = [re.escape(t[:-1]) for t in terms if t.endswith("#") and t.count("#") == 1]
    after = [re.escape(t[1:]) for t in terms if t.startswith("#") and t.count("#") == 1 and len(t) > 1]
    other = [AMOUNT.join(re.escape(part) for part in t.split("#")) for t in terms
             if "#" in t and not (t.count("#") == 1 and (t.endswith("#") or t.startswith("#")))]
    parts = plain + other
    if before:
        parts.append(f"(?:{'|'.join(before)}){AMOUNT}")
    if after:
        parts.append(f"{AMOUNT}(?:{'|'.join(after)})")
    return "|".join(parts)


@functools.lru_cache(maxsize=4096)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """One regular expression for a list of terms, so a text is searched once per list; the
    word-boundary checks of the English terms are shared, which keeps the search fast."""
    english = [t for t in terms if t.isascii()]
    # an English word needs a boundary on its letter or digit side only: ".com" ends a domain
    words = [t for t in english if t[:1].isalnum() or t[:1] == "#"]
    tails = [t for t in english if not (t[:1].isalnum() or t[:1] == "#")]
    chinese = [t for t in terms if not t.isascii()]
    parts = ([rf"(?<![a-z0-9])(?:{_alternatives(words)})(?![a-z0-9])"] if words else []) \
        + ([rf"(?:{_alternatives(tails)})(?![a-z0-9])"] if tails else []) \
        + ([_alternatives(chinese)] if chinese else [])
    return re.compile("|".join(parts) if parts else "(?!)")


_BY_ID: dict[int, tuple[tuple[str, ...], re.Pattern]] = {}


def _regex(terms: tuple[str, ...]) -> re.Pattern:
    """The expression of a term list. The knowledge base's lists live as long as it does:
    found by identity, a long list is not hashed again on every call."""
    entry = _BY_ID.get(id(terms))
    if entry is None or entry[0] is not terms:
        if len(_BY_ID) > 4096:
            _BY_ID.clear()
        entry = _BY_ID[id(terms)] = (terms, _terms_pattern(tuple(terms)))
    return entry[1]


def has_any(terms: tuple[str, ...], text: str) -> bool:
    """Whether the text has one of the terms: a Chinese term anywhere, an English one as a whole
    word or phrase; `#` in a term stands for an amount of money."""
    return _regex(terms).search(text) is not None


def first_at(terms: tuple[str, ...], text: str) -> int | None:
    """Where the first of the terms the text has begins (None: it has none)."""
    found = _regex(terms).search(text)
    return found.start() if found else None


def without(terms: tuple[str, ...], text: str) -> str:
    """The text with every one of the terms blanked out."""
    return _regex(terms).sub(" ", text)


class Search:
    """A text's answers to term lists, each list searched once (several patterns share a
    group); remembered by identity, since a compiled pattern's hash reads its whole source."""

    def __init__(self, text: str):
        self.text = text
        self.found: dict[int, tuple[re.Pattern, bool]] = {}  # (the pattern is held: its id stays its own)

    def __call__(self, terms: tuple[str, ...]) -> bool:
        regex = _regex(terms)
        entry = self.found.get(id(regex))
        if entry is None:
            entry = self.found[id(regex)] = (regex, regex.search(self.text) is not None)
        return entry[1]
