"""Normalised text → the features the FAQ matcher and the scam model compare (pure).

Chinese: character pairs and single characters, never across a particle (的, 了, 吗...);
English: content words (after an optional spelling correction), their letter triples, and
pairs of neighbouring words. Amounts and stray letters are left out; an official hotline number
(safety.yaml `hotlines`) is a word ("12378 是干嘛的" is about complaints, "95384 是真的吗" about
the real service line)."""
from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Collection

TOKENS = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")
STOP_EN = frozenset("""a an the i im i'm me my mine we our you your it its is are was were be been am do
does did to of in on at for from by with and or but so if can could would should will shall may
might must this that these those what which who how why when where there here have has had get got
just very really please pls hi hello hey any some about as into than then them they he she his her
u ur plz ok""".split())
_STOP_ZH = frozenset("的了吗呢啊吧呀么是我你他她它们这那个有在和与就都也还要会能可")
_STOP_ZH_SPLIT = re.compile(f"[{''.join(sorted(_STOP_ZH))}]+")
ZH_UNIGRAM_WEIGHT = 0.35
EN_PAIR_WEIGHT = 0.5
EN_TRIGRAM_WEIGHT = 0.4  # letter triples of each word: "reduction" still shares most with "reduced"
def text_features(normalized: str, correct: Callable[[str], str] | None = None,
                  hotlines: Collection[str] = ()) -> Counter:
    """The weighted features of a normalised text; `correct` maps a misspelt English word to a
    known one; `hotlines` are the numbers that are words."""
    feats: Counter = Counter()
    words: list[str] = []
    for token in TOKENS.findall(normalized):
        if token.isascii():
            if token in hotlines:
                feats[f"w:{token}"] += 1.0
                continue
            if token.isdigit() or len(token) < 2:
                continue  # amounts and stray letters say nothing about the topic
            word = correct(token) if correct else token
            if word not in STOP_EN:
                feats[f"w:{word}"] += 1.0
                words.append(word)
                marked = f"<{word}>"
                for i in range(len(marked) - 2):
                    feats[f"g:{marked[i:i + 3]}"] += EN_TRIGRAM_WEIGHT
            continue
        for run in _STOP_ZH_SPLIT.split(token):
            for a, b in zip(run, run[1:]):
                feats[f"b:{a}{b}"] += 1.0
            for ch in run:
                feats[f"c:{ch}"] += ZH_UNIGRAM_WEIGHT
    for a, b in zip(words, words[1:]):
        feats[f"p:{a}_{b}"] += EN_PAIR_WEIGHT
    return feats
