"""What the scam model reads of a prepared text (pure): `scam_features`."""
from __future__ import annotations

import functools
import re

from ..kb.schema import Knowledge
from ..text.features import text_features
from .pipeline import CJK, shield_terms
from .terms import AMOUNT, Search

_CJK_RUN = re.compile(rf"[{CJK}]{{3,}}")
_AN_AMOUNT = re.compile(rf"(?<![a-z0-9.])(?:{AMOUNT})")


@functools.lru_cache(maxsize=8)
def hotline_pattern(hotlines: tuple[str, ...]) -> re.Pattern:
    """An official hotline (safety.yaml `hotlines`) is no price; never a number paid or priced
    ("交120", "119 yuan")."""
    numbers = "|".join(sorted(map(re.escape, hotlines), key=len, reverse=True)) or "(?!)"
    return re.compile(r"(?<![0-9.¥$￥交付转收给花充存])"
                      rf"(?:{numbers})(?![0-9.])"
                      r"(?!\s*(?:元|块|万|千|百|rmb|yuan|cny|usd|bucks|dollars?|k|w)(?![a-z]))")


def scam_features(asked: str, knowledge: Knowledge, search: Search | None = None) -> frozenset[str]:
    """What the scam model reads: the text's features (text.features), its Chinese character
    triples, `G:name` for each group of safety.yaml (money asked for, someone offering) the text
    touches, `A:amount` when it names an amount of money ("300一次", "¥199", "3k": a terse ad's
    price), and `H:hotline` when it names an official hotline such as 95384 (no amount)."""
    touches = search or Search(asked)
    hotlines = knowledge.shield.hotlines
    features = set(text_features(asked, hotlines=hotlines))
    without_hotlines = hotline_pattern(hotlines).sub(" ", asked)
    if without_hotlines != asked:
        features.add("H:hotline")
    if _AN_AMOUNT.search(without_hotlines):
        features.add("A:amount")
    for run in _CJK_RUN.findall(asked):
        features.update(f"t:{run[i:i + 3]}" for i in range(len(run) - 2))
    features.update(f"G:{name}" for name, terms in shield_terms(knowledge).groups if touches(terms))
    return frozenset(features)
