"""Scam offers recognised in free text (pure). `scam_kinds` reads the patterns of
knowledge/safety.yaml on text normalised by `text.normalize`, then asks the trained scam model
(knowledge/scam_model.json) about a text no pattern caught.
"""
from __future__ import annotations

import functools
import re
from typing import Callable

from ..kb.schema import MODEL_KIND, Knowledge
from ..text.features import text_features
from ..text.normalize import normalizer_for

# `#` in a term: an amount of money (500, 1.5k, 2万, 八百, 3,000, ¥200, 200rmb), never a count of
# years or days
_AMOUNT = (r"(?:(?:[¥$￥]|rmb|cny)\s*(?=\d))?"  # a currency before the number: ¥200, rmb500
           r"(?:\d+(?:\.\d+)?\s*(?:rmb|cny|yuan|usd)(?![a-z])"  # or after it: 200rmb
           r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|\.\d)|\d+(?:\.\d+)?\s*(?:k|w|万|千|百|元|块)(?![a-z])|\d{2,}(?:\.\d+)?(?!\d|\.\d)"
           r"(?!\s*(?:年|个月|月|天|日|期|次|号|岁|%|years?|months?|days?|weeks?|times?|x\b))"
           r"|[一二两三四五六七八九十几]+[百千万])(?!\s*(?:back|off)\b)")


def _alternatives(terms: list[str]) -> str:
    """Terms as one alternation. The amount is written once for all the terms that end with it
    ("交#", "pay #") and once for all that start with it ("# fee"), instead of once per term:
    the search is then nearly as fast as for plain words. A term with `#` inside ("a # fee")
    keeps its own."""
    plain = [re.escape(t) for t in terms if "#" not in t]
    before = [re.escape(t[:-1]) for t in terms if t.endswith("#") and t.count("#") == 1]
    after = [re.escape(t[1:]) for t in terms if t.startswith("#") and t.count("#") == 1 and len(t) > 1]
    other = [_AMOUNT.join(re.escape(part) for part in t.split("#")) for t in terms
             if "#" in t and not (t.count("#") == 1 and (t.endswith("#") or t.startswith("#")))]
    parts = plain + other
    if before:
        parts.append(f"(?:{'|'.join(before)}){_AMOUNT}")
    if after:
        parts.append(f"{_AMOUNT}(?:{'|'.join(after)})")
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


# Scam ads dodge keyword filters: "微 粒 贷 强 开", "微-粒-贷", "微❤粒❤贷". A run of three or
# more single Chinese characters separated by spaces, dashes, dots, stars or emoji is closed up
# (normal Chinese has no such separators between every character; the normaliser's own spaces
# surround whole words); look-alike spellings (safety.yaml `lookalikes`) are mapped back; then the
# text is normalised again. Texts without them are left untouched.
_CJK = "\u3400-\u9fff"
_CJK_RUN = re.compile(rf"[{_CJK}]{{3,}}")
_SEPARATOR = ("[ \\-_.·•*~|/+=^#@&%❤♥♡☆★✿❀\u2600-\u27bf\ufe0f\u200b-\u200d"
              "\U0001f000-\U0001faff]{1,3}")
_SPACED = re.compile(rf"(?<![{_CJK}])[{_CJK}](?:{_SEPARATOR}[{_CJK}](?![{_CJK}])){{2,}}")
_NOT_CJK = re.compile(rf"[^{_CJK}]+")


def _compiled(knowledge: Knowledge) -> tuple[tuple[tuple[re.Pattern, str], ...], re.Pattern]:
    """The knowledge base's look-alikes and price questions (safety.yaml), compiled once."""
    return _compile(knowledge.shield.lookalikes, knowledge.shield.price_questions)


@functools.lru_cache(maxsize=8)
def _compile(lookalikes: tuple[tuple[str, str], ...], price_questions: tuple[str, ...]):
    return (tuple((re.compile(pattern), word) for pattern, word in lookalikes),
            re.compile("|".join(f"(?:{r})" for r in price_questions) or "(?!)"))


def unmask(normalized: str, knowledge: Knowledge) -> str:
    """The text with spaced-out and look-alike spellings of scam words restored (see above)."""
    text = _SPACED.sub(lambda m: _NOT_CJK.sub("", m.group(0)), normalized)
    for pattern, word in _compiled(knowledge)[0]:
        text = pattern.sub(word, text)
    return text if text == normalized else normalizer_for(knowledge.faq.synonyms)(text)


class _Search:
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


_AN_AMOUNT = re.compile(rf"(?<![a-z0-9.])(?:{_AMOUNT})")
# hotlines are no price: WeBank 95384, WeChat Pay 95017, Alipay 95188 and the big banks' 955xx,
# the police 110, the anti-fraud line 96110, the banking regulator 12378, the central bank 12363,
# consumer complaints 12315; never a number paid or priced ("交120", "119 yuan")
_HOTLINE = re.compile(r"(?<![0-9.¥$￥交付转收给花充存])"
                      r"(?:95384|95017|95188|955(?:88|33|99|66|55|59|61|68|95|08|28|77|11|58|80)|96110|110|119|120"
                      r"|12315|12363|12378)(?![0-9.])"
                      r"(?!\s*(?:元|块|万|千|百|rmb|yuan|cny|usd|bucks|dollars?|k|w)(?![a-z]))")


def scam_features(unmasked: str, knowledge: Knowledge, search: _Search | None = None) -> frozenset[str]:
    """What the scam model reads: the text's features (bot/features.py, no spelling
    correction), its Chinese character triples, `G:name` for each group of safety.yaml
    (money asked for, someone offering) the text touches, and `A:amount` when it names an
    amount of money ("300一次", "¥199", "3k": a terse ad's price), and `H:hotline` when it names
    an official hotline such as 95384 (no amount)."""
    touches = search or _Search(unmasked)
    features = set(text_features(unmasked))
    without_hotlines = _HOTLINE.sub(" ", unmasked)
    if without_hotlines != unmasked:
        features.add("H:hotline")
    if _AN_AMOUNT.search(without_hotlines):
        features.add("A:amount")
    for run in _CJK_RUN.findall(unmasked):
        features.update(f"t:{run[i:i + 3]}" for i in range(len(run) - 2))
    features.update(f"G:{name}" for name, terms in knowledge.shield.groups if touches(terms))
    return frozenset(features)


def without_price_questions(unmasked: str, knowledge: Knowledge) -> str:
    """The text with its questions about a price blanked (safety.yaml `price_questions`)."""
    return _compiled(knowledge)[1].sub(" ", unmasked)


# Where a typed text's clauses end: sentence and clause punctuation, a space between Chinese
# words of two characters or more (the user's own: the normaliser adds its own spaces around
# synonyms; "强 开 微 粒 贷" is one word spaced out), and the words that start another question
# ("另外", "also")
_CLAUSE_END = re.compile(rf"[。！？!?；;，,、：:\n]|(?<=[{_CJK}]{{2}})\s+(?=[{_CJK}]{{2}})|另外|还有|還有|顺便|順便"
                         r"|(?<![a-z])(?:also|btw|and another|another question)(?![a-z])", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """A typed (redacted, not yet normalised) text cut into its clauses."""
    return [c for c in _CLAUSE_END.split(text) if c.strip()]


def scam_kinds(normalized: str, knowledge: Knowledge,
               clauses_of: Callable[[], list[str]] | None = None) -> tuple[str, ...]:
    """The ids of the scam patterns this (normalised) text matches. An innocent phrase
    (knowledge/safety.yaml) silences the combination patterns (`all_of`), never a term that
    is a scam by itself (`any_of`), and only in its own clause: `clauses_of` gives the text's
    clauses, prepared as `normalized` was, and the clauses without an innocent phrase are read
    again on their own ("提前还款要手续费吗" does not make the rest of a message innocent).
    A question about a price is no price (`price_questions`). A text no pattern matches is
    `MODEL_KIND` when the scam model is sure enough of it."""
    normalized = unmask(normalized, knowledge)
    search = _Search(normalized)
    found = _kinds(normalized, search, knowledge)
    if not found and clauses_of is not None and search(knowledge.shield.innocent):
        parts = clauses_of()
        kept = [c for c in parts if not has_any(knowledge.shield.innocent, unmask(c, knowledge))]
        rest = unmask(" ".join(kept), knowledge)  # what one clause spelled out, with its neighbour
        if rest and len(kept) < len(parts):
            found = _kinds(rest, _Search(rest), knowledge)
    return tuple(found)


def _kinds(normalized: str, search: _Search, knowledge: Knowledge) -> list[str]:
    innocent = search(knowledge.shield.innocent)
    asked = without_price_questions(normalized, knowledge)
    search_asked = search if asked == normalized else _Search(asked)
    found = []
    for pattern in knowledge.shield.patterns:
        if search(pattern.any_of):
            found.append(pattern.id)
        elif pattern.all_of and not innocent and all(search_asked(group) for group in pattern.all_of):
            found.append(pattern.id)
    # the model weighs a combination of words too: the same phrases silence it, and it reads the
    # text with its price questions blanked
    model = knowledge.shield.model
    if (not found and not innocent
            and model.probability(scam_features(asked, knowledge, search_asked)) >= model.threshold):
        found.append(MODEL_KIND)
    return found
