"""Free text → one comparable form: full-width folded, lower case, simplified Chinese, and
the synonyms of knowledge/faq.yaml replaced by their canonical word (pure)."""
from __future__ import annotations

import functools
import re
import unicodedata

import opencc

from ..kb.schema import Knowledge

_T2S = opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters as simplified ones (OpenCC t2s)."""
    return _T2S.convert(text)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z]+")
PHONE_APOSTROPHES = "’‘ʼ"  # the apostrophe as phones type it: "can’t" reads as "can't" (text.crisis too)
_APOSTROPHES = str.maketrans(dict.fromkeys(PHONE_APOSTROPHES, "'"))


class Normalizer:
    """Built once from the synonym table; `__call__` normalises one text."""

    def __init__(self, synonyms: tuple[tuple[str, tuple[str, ...]], ...]):
        self.canonical: dict[str, str] = {}
        for canonical, variants in synonyms:
            for variant in variants:
                self.canonical.setdefault(_T2S.convert(variant.lower()), canonical)
        ascii_variants = sorted((v for v in self.canonical if v.isascii()), key=len, reverse=True)
        cjk_variants = sorted((v for v in self.canonical if not v.isascii()), key=len, reverse=True)
        self.patterns = []
        if cjk_variants:  # anywhere in the text
            self.patterns.append(re.compile("|".join(map(re.escape, cjk_variants))))
        if ascii_variants:  # whole words and phrases only
            alternatives = "|".join(map(re.escape, ascii_variants))
            self.patterns.append(re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"))

    def __call__(self, text: str) -> str:
        s = _T2S.convert(unicodedata.normalize("NFKC", text).lower()).translate(_APOSTROPHES)
        s = re.sub(r"\s+", " ", s).strip()
        for pattern in self.patterns:
            s = pattern.sub(lambda m: f" {self.canonical[m.group(0)]} ", s)
        return re.sub(r"\s+", " ", s).strip()


@functools.lru_cache(maxsize=8)
def normalizer_for(synonyms: tuple[tuple[str, tuple[str, ...]], ...]) -> Normalizer:
    """The Normalizer of a synonym table, built once (the FAQ matcher and the scam shield share it)."""
    return Normalizer(synonyms)


def phrasings(knowledge: "Knowledge") -> list[tuple[str | None, str]]:
    """Every FAQ phrasing as written: (topic id, text) for each topic's questions and examples,
    then (None, text) for each out-of-scope phrasing."""
    out = [(topic.id, text) for topic in knowledge.faq.topics
           for text in (*topic.question.values.values(), *(e for lang in topic.examples for e in topic.examples[lang]))]
    return out + [(None, text) for text in knowledge.faq.out_of_scope]


@functools.lru_cache(maxsize=4)
def normalized_phrasings(knowledge: "Knowledge") -> tuple[tuple[str | None, str], ...]:
    """Every FAQ phrasing (`phrasings`, in its order), normalised once for the matcher and the speller."""
    normalize = normalizer_for(knowledge.faq.synonyms)
    return tuple((topic, normalize(text)) for topic, text in phrasings(knowledge))


def _weights(text: str) -> tuple[int, int]:
    """How many Chinese characters and Latin words a text has."""
    return len(_CJK.findall(text)), len(_LATIN_WORD.findall(text.lower()))


def language(text: str) -> str:
    """'zh' when Chinese characters weigh at least as much as Latin words, else 'en'."""
    cjk, words = _weights(text)
    return "zh" if cjk and cjk * 2 >= words else "en"


def written_in(text: str) -> str | None:
    """The language a typed text is plainly written in: 'zh' (two Chinese characters or more,
    outweighing Latin words), 'en' (three Latin words or more, no Chinese), else None ("ok", "5千",
    a number)."""
    cjk, words = _weights(text)
    if cjk >= 2 and cjk * 2 >= words:
        return "zh"
    return "en" if not cjk and words >= 3 else None
