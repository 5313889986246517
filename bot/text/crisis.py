"""Someone in crisis (pure): a message that speaks of suicide, self-harm or having no way out,
plainly or in a disguised spelling, and death words used only as a figure of speech. The words
are knowledge/crisis.yaml; this module only reads text for them."""
from __future__ import annotations

import functools
import re
import unicodedata
from enum import Enum

from ..kb.schema import Crisis
from .normalize import PHONE_APOSTROPHES, language, to_simplified

CRISIS = "crisis"
GENTLE = "gentle"

_CJK = "\u3400-\u9fff"
# Chinese split by spaces anywhere ("觉得轻 生"), or single characters split by symbols ("自-杀");
# single letters split by spaces or symbols ("s u i c i d e")
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACED_CJK = re.compile(rf"(?<![{_CJK}])[{_CJK}](?:[\s\W_]{{1,3}}[{_CJK}](?![{_CJK}]))+")
_SPACED_LATIN = re.compile(r"(?<![a-z])[a-z](?:[ .\-_*]{1,2}[a-z](?![a-z])){3,}")
_DOTTED_LATIN = re.compile(r"(?<![a-z.])[a-z](?:\.[a-z](?![a-z])){2,}")  # three letters and dots: "k.m.s."
_SEPARATORS = re.compile(r"[\s\W_]+")
_CUE_ENDINGS = "(?:s|es|d|ed|ing)?"  # an English cue in another form: "jumped", "loose ends"
# an apostrophe as phones type it ("I’m", "don’t") is folded to the plain one; once disguised
# spellings are restored ("sh'd"), an apostrophe inside a word is dropped: "i’m gone", "i'm gone"
# and "im gone" read alike (terms are read the same way)
_CURLY = re.compile(rf"(?<=[a-z])[{PHONE_APOSTROPHES}`´](?=[a-z])")
_APOSTROPHE = re.compile(r"(?<=[a-z])'(?=[a-z])")


class Level(str, Enum):
    NONE = "none"
    GENTLE = GENTLE
    CRISIS = CRISIS


# digits and symbols written for letters inside a Latin word: "s3lf h@rm", "d!e", "su1cide"
_LEET = re.compile(r"(?<=[a-z])[3@1!0$4](?=[a-z])")
_LEET_LETTER = {"3": "e", "@": "a", "1": "i", "!": "i", "0": "o", "$": "s", "4": "a"}


def fold(text: str) -> str:
    """Full width, case and traditional characters folded; spelled-out words closed up; digits
    and symbols standing for letters read as letters."""
    s = to_simplified(unicodedata.normalize("NFKC", text).lower())
    s = _CURLY.sub("'", s)
    s = _LEET.sub(lambda m: _LEET_LETTER[m.group(0)], s)
    s = _SPACE_IN_CJK.sub("", s)
    s = _SPACED_CJK.sub(lambda m: _SEPARATORS.sub("", m.group(0)), s)
    s = _SPACED_LATIN.sub(lambda m: _SEPARATORS.sub("", m.group(0)), s)
    return _DOTTED_LATIN.sub(lambda m: m.group(0).replace(".", ""), s)


def _alternation(terms: tuple[str, ...], endings: str = "") -> re.Pattern:
    """One expression for a list of terms: Chinese anywhere, English as whole words or phrases
    (with any of `endings` after the last word); the terms folded as texts are."""
    terms = tuple(dict.fromkeys(_APOSTROPHE.sub("", fold(t)) for t in terms))
    english = sorted((t for t in terms if t.isascii()), key=len, reverse=True)
    chinese = sorted((t for t in terms if not t.isascii()), key=len, reverse=True)
    parts = ([rf"(?<![a-z])(?:{'|'.join(map(re.escape, english))}){endings}(?![a-z])"] if english else []) \
        + ([f"(?:{'|'.join(map(re.escape, chinese))})"] if chinese else [])
    return re.compile("|".join(parts) or "(?!)")


@functools.lru_cache(maxsize=4)
def _compiled(crisis: Crisis):
    return (tuple((re.compile(p), w) for p, w in crisis.lookalikes), _alternation(crisis.not_crisis),
            _alternation(crisis.terms), _alternation(crisis.gentle))


def prepare(text: str, crisis: Crisis) -> str:
    """The text as the detector reads it, at run time and in training alike: folded, disguised
    spellings restored, look-alikes that are not about dying removed."""
    lookalikes, innocent, _, _ = _compiled(crisis)
    s = fold(text)
    for pattern, word in lookalikes:
        s = pattern.sub(word, s)
    return innocent.sub(" ", _APOSTROPHE.sub("", s))


_LATIN_WORD = re.compile(r"[a-z][a-z']*")


def features(prepared: str) -> frozenset[str]:
    """What the crisis model reads: in a word with Chinese in it, its characters, pairs and
    triples (padded with spaces, so its edges count); in English, the words and the pairs of
    words next to each other ("w:tired", "b:stop being"). Letters in threes told everyday
    English texting from despair poorly (the language's common endings and short words are in
    both); words and pairs of words tell them apart."""
    grams = set()
    for word in prepared.split():
        if word.isascii():
            continue
        padded = f" {word} "
        for n in (1, 2, 3):
            grams.update(g for g in (padded[i:i + n] for i in range(len(padded) - n + 1)) if g.strip())
    words = _LATIN_WORD.findall(prepared)
    grams.update("w:" + w for w in words)
    grams.update(f"b:{a} {b}" for a, b in zip(words, words[1:]))
    return frozenset(grams)


@functools.lru_cache(maxsize=4)
def _cues(crisis: Crisis) -> re.Pattern:
    return _alternation(crisis.cues)


@functools.lru_cache(maxsize=4)
def _not_cues(crisis: Crisis) -> re.Pattern:
    return _alternation(crisis.not_cues)


def _cued(prepared: str, crisis: Crisis) -> bool:
    """Whether a prepared text names a cue, outside the everyday words that hold one (`not_cues`:
    the 累 of 负债累累 is no tiredness). The model still reads those words: only what makes it read
    the text changes, so no retraining."""
    return _cues(crisis).search(_not_cues(crisis).sub(" ", prepared) if crisis.not_cues else prepared) is not None


@functools.lru_cache(maxsize=4)
def _cue_forms(crisis: Crisis) -> re.Pattern:
    """The English cues in any of their forms ("jumped", "self harming", "loose ends")."""
    return _alternation(crisis.cues, _CUE_ENDINGS)


@functools.lru_cache(maxsize=4)
def _context(crisis: Crisis) -> re.Pattern:
    return _alternation(crisis.context)


def _despair_unsaid(prepared: str, text: str, crisis: Crisis) -> bool:
    """A text with no cue (`level` asks only of those) that the model still reads as despair: one
    with a cue in another form ("jumped", "self harming") from the model's threshold, one that
    speaks of debt (`context`) from `model.context` (the model learnt despair from debt stories:
    plain debt scores high), any other in a language of `model.unsaid` from its probability
    there. The gentle line, never the full reply on that alone."""
    model = crisis.model
    if _cue_forms(crisis).search(prepared):
        bar = model.threshold
    elif crisis.context and _context(crisis).search(prepared) is not None:
        bar = crisis.context_threshold.get(language(text), 1.0)
    else:  # (the language is read only for a text with no cue: not for every message)
        bar = crisis.unsaid.get(language(text), 1.0)
    return bar < 1.0 and model.probability(features(prepared)) >= bar


def level(text: str, crisis: Crisis) -> Level:
    """CRISIS for words of suicide, self-harm or no way out, or when the crisis model is sure
    enough of a text that names dying, harm or despair; GENTLE (the short reply, which still
    offers the line) for death words used as a figure of speech, when the model is unsure
    (`model.gentle` up to `model.threshold`), or for a text with no cue that the model still reads
    as despair (`model.context` when it speaks of debt, else `model.unsaid` in the languages it
    names); NONE otherwise."""
    _, _, terms, gentle = _compiled(crisis)
    s = prepare(text, crisis)
    if terms.search(s):
        return Level.CRISIS
    if crisis.model is None:
        return Level.GENTLE if gentle.search(s) else Level.NONE
    # the model learns how despair is written; a cue (a word of dying, harm or despair) keeps it on topic
    cued = _cued(s, crisis)
    chance = crisis.model.probability(features(s)) if cued else 0.0
    if chance >= crisis.model.threshold:
        return Level.CRISIS
    if gentle.search(s) or chance >= crisis.gentle_threshold or (not cued and _despair_unsaid(s, text, crisis)):
        return Level.GENTLE  # when in doubt, the line is offered
    return Level.NONE
