"""Misspelt English words → the knowledge base's own words (pure): "deposite" → "deposit".

The vocabulary is every English word of the FAQ's phrasings, normalised, but those only the topic
model learns (`matcher_only` phrasing files: what the scam and crisis models read must not change
with them); an unknown word of five
letters or more is read as its closest known word when rapidfuzz's ratio is at least
`SPELLING_CUTOFF`. A word of the scam shield's own terms is kept as it is ("forge" is not
"forget", "selling" not "telling")."""
from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz, process

from ..kb.schema import Knowledge
from .features import TOKENS
from .normalize import normalized_phrasings, normalizer_for, phrasings

WORD = re.compile(r"[a-z]{5,}")
SPELLING_CUTOFF = 85  # rapidfuzz ratio above which an unknown word is read as a known one


class Speller:
    """Built once per knowledge base; `__call__` corrects one normalised text."""

    def __init__(self, vocabulary: set[str], keep: set[str]):
        self.vocabulary = vocabulary
        self.keep = keep
        self._candidates = sorted(w for w in vocabulary if len(w) >= 3 and not w.isdigit())
        self.correct = functools.lru_cache(maxsize=4096)(self._correct)

    def _correct(self, word: str) -> str:
        """The knowledge base's own word closest to a misspelt one (or the word itself)."""
        if word in self.vocabulary or len(word) < 5 or word.isdigit():
            return word
        best = process.extractOne(word, self._candidates, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF)
        return best[0] if best else word

    def __call__(self, normalized: str) -> str:
        return WORD.sub(lambda m: m.group(0) if m.group(0) in self.keep else self.correct(m.group(0)), normalized)


@functools.lru_cache(maxsize=4)
def speller_for(knowledge: Knowledge) -> Speller:
    normalize = normalizer_for(knowledge.faq.synonyms)
    only = knowledge.faq.matcher_only
    vocabulary = {w for (topic, typed), (_, text) in zip(phrasings(knowledge), normalized_phrasings(knowledge))
                  if topic is not None and typed not in only for w in TOKENS.findall(text) if w.isascii()}
    shield = knowledge.shield
    terms = [t for p in shield.patterns for t in (*p.any_of, *(t for g in p.all_of for t in g))]
    terms += [t for _, group in shield.groups for t in group] + list(shield.innocent) + list(shield.warnings)
    keep = {w for t in terms for w in WORD.findall(t)} | {w for t in terms for w in WORD.findall(normalize(t))}
    return Speller(vocabulary, keep)
