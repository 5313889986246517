"""One text pipeline for the FAQ and the scam shield, at run time, in training and in evaluation
alike (pure): `prepare(text)` masks personal numbers (text.redact), normalises (text.normalize:
simplified Chinese, lower case, the synonyms of faq.yaml), corrects misspelt English words
(text.spelling), restores disguised spellings of scam words, and blanks questions about a price.

The shield's terms go through the same steps when they are loaded (`shield_terms`): a term is
written as users write it ("骗子", "frozen", "wipe my debt") and is searched in the form the text
takes ("诈骗", "closed", "delete my debt"). `dead_terms` lists the terms that still cannot match
a text that contains them; `quota-doctor check` reports them."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..kb.schema import Knowledge
from ..text.normalize import language, normalizer_for, to_simplified
from ..text.redact import redact
from ..text.spelling import speller_for
from .terms import has_any

# Scam ads dodge keyword filters: "微 粒 贷 强 开", "微-粒-贷", "微❤粒❤贷". A run of three or
# more single Chinese characters separated by spaces, dashes, dots, stars or emoji is closed up
# (normal Chinese has no such separators between every character; the normaliser's own spaces
# surround whole words); look-alike spellings (safety.yaml `lookalikes`) are mapped back; then the
# text is normalised again. Texts without them are left untouched.
CJK = "\u3400-\u9fff"
_SEPARATOR = ("[ \\-_.·•*~|/+=^#@&%❤♥♡☆★✿❀\u2600-\u27bf\ufe0f\u200b-\u200d"
              "\U0001f000-\U0001faff]{1,3}")
_SPACED = re.compile(rf"(?<![{CJK}])[{CJK}](?:{_SEPARATOR}[{CJK}](?![{CJK}])){{2,}}")
_NOT_CJK = re.compile(rf"[^{CJK}]+")


@dataclass(frozen=True, eq=False)
class Prepared:
    """A text as the FAQ and the shield read it."""
    text: str        # as typed, personal numbers masked
    lang: str        # "zh" or "en"
    normalized: str  # what the FAQ ranks
    shield: str      # `normalized`, misspelt English words corrected and disguised spellings restored:
    #                  what the shield's terms are searched in
    asked: str       # `shield`, questions about a price blanked: what combinations and the model read
    knowledge: Knowledge = field(repr=False)

    @functools.cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """The typed text's sentences (ended by a full stop, a question or exclamation mark, a
        semicolon or a line break), each as its clauses normalised and spelling corrected (and
        unmasked, as the shield's terms are searched), whether it asks or tells a story, and for
        each clause what a warning is read by (safety.yaml `warnings`, read in simplified Chinese,
        lower case): a phrase, a list, a refusal, a lure, a demand, a category."""
        k = self.knowledge
        normalize, spell = normalizer_for(k.faq.synonyms), speller_for(k)
        ends = _clause_end(k.shield.clause_words)
        asks, stories = _any_regex(k.shield.warning_asks), _any_regex(k.shield.warning_stories)
        lures = _any_regex(k.shield.warning_lures)
        after = _any_regex(k.shield.warning_lures + k.shield.warning_demands)  # what a warning never goes on to say
        categories, sent = _any_regex(k.shield.warning_categories), _any_regex(k.shield.warning_destinations)
        refusals, pretexts = _any_regex(k.shield.warning_refusals), _any_regex(k.shield.warning_pretexts)
        phrases = shield_terms(k).warnings
        sentences = []
        for m in _SENTENCE.finditer(self.text):
            if m.group(1).strip():
                parts = [(c, sep) for c, sep in _split(ends, m.group(1)) if c.strip()]
                typed = [to_simplified(c).lower() for c, _ in parts]
                told = to_simplified(m.group(1)).lower()
                clauses = tuple(spell(normalize(c)) for c, _ in parts)
                read = tuple(unmask(c, k) for c in clauses)
                refuses = tuple(bool(refusals.search(c)) for c in typed)
                sentences.append(Sentence(
                    clauses=clauses, read=read, runs_on=bool(_RUNS_ON.fullmatch(m.group(2))),
                    asks=bool(asks.search(to_simplified(m.group(0)).lower())),
                    story=bool(lures.search(told) or stories.search(told)),
                    warns=tuple(has_any(phrases, r) for r in read),
                    # a list's item, or what a pretext leads into ("不会以…为由，要求…")
                    listed=tuple(sep in _LISTING or (i > 0 and bool(pretexts.search(typed[i - 1])))
                                 for i, (_, sep) in enumerate(parts)),
                    refuses=refuses,
                    lures=tuple(_lures_after_warning(after, c, k) for c in typed),
                    demands=tuple(bool(after.search(c) or (sent.search(c) and not refused))
                                  for c, refused in zip(typed, refuses)),
                    categories=tuple(bool(categories.search(c)) for c in typed)))
        return tuple(sentences)

    @property
    def clauses(self) -> tuple[str, ...]:
        """The typed text's clauses, each normalised and spelling corrected (not yet unmasked)."""
        return tuple(c for sentence in self.sentences for c in sentence.clauses)

    @functools.cached_property
    def runs(self) -> tuple[str, ...]:
        """The sentences as combinations read them (unmasked, questions about a price blanked), a
        sentence ended by ! or ; alone, or by quoted speech, joined to the next
        ("提现失败！！！请联系客服处理，否则账户将永久冻结"): read once, for every pattern."""
        k, runs, run = self.knowledge, [], []
        for i, s in enumerate(self.sentences):
            run.extend(s.clauses)
            if not s.runs_on or i + 1 == len(self.sentences):
                runs.append(without_price_questions(unmask(" ".join(run), k), k))
                run = []
        return tuple(runs)


@dataclass(frozen=True)
class Sentence:
    clauses: tuple[str, ...]
    read: tuple[str, ...]      # the clauses unmasked: what the shield's terms are searched in
    asks: bool     # "代开的是不是都是骗子": never an authority's warning
    story: bool    # the writer's own or one case's ("王某接到…"), or a lure: never an authority's warning
    warns: tuple[bool, ...]    # for each clause, whether it has a warning phrase (safety.yaml `warnings`)
    listed: tuple[bool, ...]   # for each clause, whether it goes on a list ("保证金、手续费") or on
    #                            the pretext before it ("不会以…为由，要求…")
    refuses: tuple[bool, ...]  # for each clause, whether it refuses something (safety.yaml `warnings.refusals`)
    lures: tuple[bool, ...]    # for each clause, whether it speaks in a scheme's voice after its last warning
    #                            phrase, if any ("…纯属骗局所以请把资金转到…": safety.yaml `warnings.lures`)
    demands: tuple[bool, ...]  # ...or anywhere in it: a lure, a price, or money sent to an account in a clause that
    #                            refuses nothing (`warnings.lures`, `demands`, `destinations`)
    categories: tuple[bool, ...]  # for each clause, whether it names a kind of scheme (`warnings.categories`)
    runs_on: bool = False      # ended by exclamation marks or a semicolon alone, or by quoted speech:
    #                            it goes on into the next ("提现失败！！！请联系客服…")


def _lures_after_warning(lures: re.Pattern, clause: str, k: Knowledge) -> bool:
    """Whether a typed clause (simplified, lower case) speaks in a scheme's voice after its last
    warning phrase, as typed ("纯属骗局所以请把资金转到…"), or names a price there ("不会让你交冤枉钱
    只要先转2000"): safety.yaml `warnings.lures` and `warnings.demands`. A lure named before the
    phrase is the one it refuses ("凡是说只需交钱就能提额的都是骗子")."""
    end = max((clause.rfind(p) + len(p) for p in _typed(k.shield.warnings) if p in clause), default=0)
    return lures.search(clause, end) is not None


@functools.lru_cache(maxsize=4)
def _typed(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(to_simplified(p).lower() for p in phrases)


_LISTING = ("、",)  # the mark between the items of a list: what follows goes on with the clause before


def _split(ends: re.Pattern, text: str) -> list[tuple[str, str]]:
    """A sentence's clauses, each with the mark that ended the clause before it ("" for the first)."""
    out, start, before = [], 0, ""
    for m in ends.finditer(text):
        out.append((text[start:m.start()], before))
        start, before = m.end(), m.group(0)
    return out + [(text[start:], before)]


# a sentence and its end; a closing quote after the mark ends the quoted speech, not the sentence:
# "“我要关闭服务，怎么做？”她问"
_SENTENCE = re.compile(r"([^。！？!?；;\n]*)([。！？!?；;\n]*[”」』]?)")
_RUNS_ON = re.compile(r"[！!；;]+|.*[”」』]")  # ...which goes on into the next, as one ended by ! or ; does


@functools.lru_cache(maxsize=16)
def _any_regex(patterns: tuple[str, ...]) -> re.Pattern:
    """One expression that matches where any of the regular expressions does."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


def prepare(text: str, knowledge: Knowledge) -> Prepared:
    typed = redact(text).text
    normalized = normalizer_for(knowledge.faq.synonyms)(typed)
    shield = unmask(speller_for(knowledge)(normalized), knowledge)
    return Prepared(typed, language(typed), normalized, shield, without_price_questions(shield, knowledge),
                    knowledge)


def unmask(normalized: str, knowledge: Knowledge) -> str:
    """The text with spaced-out and look-alike spellings of scam words restored (see above)."""
    text = _SPACED.sub(lambda m: _NOT_CJK.sub("", m.group(0)), normalized)
    for pattern, word in _compiled(knowledge.shield.lookalikes, knowledge.shield.price_questions)[0]:
        text = pattern.sub(word, text)
    return text if text == normalized else normalizer_for(knowledge.faq.synonyms)(text)


def without_price_questions(unmasked: str, knowledge: Knowledge) -> str:
    """The text with its questions about a price blanked (safety.yaml `price_questions`)."""
    return _compiled(knowledge.shield.lookalikes, knowledge.shield.price_questions)[1].sub(" ", unmasked)


@functools.lru_cache(maxsize=8)
def _compiled(lookalikes: tuple[tuple[str, str], ...], price_questions: tuple[str, ...]):
    return tuple((re.compile(pattern), word) for pattern, word in lookalikes), _any_regex(price_questions)


@functools.lru_cache(maxsize=8)
def _clause_end(words: tuple[str, ...]) -> re.Pattern:
    """Where a typed text's clauses end: sentence and clause punctuation, a space between Chinese
    words of two characters or more (the user's own: "强 开 微 粒 贷" is one word spaced out), and
    the words that start another question (safety.yaml `clause_words`: "另外", "also")."""
    english = [re.escape(w) for w in words if w.isascii()]
    chinese = [re.escape(w) for w in words if not w.isascii()]
    parts = [rf"[。！？!?；;，,、：:\n]|(?<=[{CJK}]{{2}})\s+(?=[{CJK}]{{2}})"]
    parts += [f"{'|'.join(chinese)}"] if chinese else []
    parts += [rf"(?<![a-z])(?:{'|'.join(english)})(?![a-z])"] if english else []
    return re.compile("|".join(parts), re.IGNORECASE)


# -- the shield's terms, prepared as texts are -----------------------------------------------
@dataclass(frozen=True, eq=False)
class ShieldTerms:
    any_of: dict[str, tuple[str, ...]]              # pattern id → its terms
    all_of: dict[str, tuple[tuple[str, ...], ...]]  # pattern id → its groups
    innocent: tuple[str, ...]  # safety.yaml `innocent` and `warnings`
    warnings: tuple[str, ...]
    plain_innocent: tuple[str, ...]  # safety.yaml `innocent` alone
    alone: tuple[str, ...]           # every pattern's `any_of`: the terms that are scams by themselves
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    question_unless: tuple[str, ...]
    paid: tuple[str, ...]   # safety.yaml `scam_questions.paid`: money already paid
    field: tuple[str, ...]  # faq.yaml `core_anchors`, the money group, `model.field`: the model reads only a text with one


def prepare_term(term: str, knowledge: Knowledge) -> str:
    """A term in the form a text takes after `prepare` (`#`, an amount, and the spaces around it kept)."""
    normalize, spell = normalizer_for(knowledge.faq.synonyms), speller_for(knowledge)
    parts = []
    for part in term.split("#"):
        core = part.strip()
        if core:
            core = unmask(spell(normalize(core)), knowledge)
        parts.append(part[:len(part) - len(part.lstrip())] + core + part[len(part.rstrip()):] if core else part)
    return "#".join(parts)


@functools.lru_cache(maxsize=4)
def shield_terms(knowledge: Knowledge) -> ShieldTerms:
    seen: dict[str, str] = {}  # a term in several lists (the shared groups) is prepared once

    def each(terms: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(seen.get(t) or seen.setdefault(t, prepare_term(t, knowledge)) for t in terms))
    shield = knowledge.shield
    return ShieldTerms(
        any_of={p.id: each(p.any_of) for p in shield.patterns},
        all_of={p.id: tuple(each(g) for g in p.all_of) for p in shield.patterns},
        innocent=each(shield.innocent + shield.warnings),
        warnings=each(shield.warnings),
        plain_innocent=each(shield.innocent),
        alone=each(tuple(t for p in shield.patterns for t in p.any_of)),
        groups=tuple((name, each(terms)) for name, terms in shield.groups),
        question_unless=each(shield.question_unless),
        paid=each(shield.paid),
        field=each(knowledge.faq.core_anchors + shield.model_field
                   + tuple(t for name, group in shield.groups if name == "money" for t in group)),
    )


def dead_terms(knowledge: Knowledge) -> list[str]:
    """The shield's terms that no text can match, not even a text that is the term itself (with
    an amount for `#`): `quota-doctor check` reports them."""
    shield = knowledge.shield
    lists = [(f"scam_patterns[{p.id}].any_of", p.any_of) for p in shield.patterns]
    lists += [(f"scam_patterns[{p.id}].all_of[{i}]", g) for p in shield.patterns for i, g in enumerate(p.all_of)]
    lists += [("innocent", shield.innocent), ("warnings", shield.warnings),
              ("scam_questions.unless", shield.question_unless), ("scam_questions.paid", shield.paid)]
    lists += [(f"groups.{name}", terms) for name, terms in shield.groups]
    dead = []
    for where, terms in lists:
        for term in terms:
            prepared = prepare_term(term, knowledge)
            if (not prepared.replace("#", "").strip() and prepared.strip() != "#") or not has_any(
                    (prepared,), prepare(term.replace("#", "500"), knowledge).shield):
                dead.append(f"safety.yaml: {where}: the term {term!r} can never match (read as {prepared!r})")
    for p in shield.patterns:  # a group read wholly as other words says something else than it was written to
        for i, group in enumerate(p.all_of):
            read = [prepare_term(term, knowledge).strip() for term in group]
            if all(r != term.strip().lower() for r, term in zip(read, group)):
                dead.append(f"safety.yaml: scam_patterns[{p.id}].all_of[{i}]: every term is read as another word "
                            f"({', '.join(map(repr, dict.fromkeys(read)))}, synonyms every such text names): "
                            "write what they are read as, if that is meant")
    return dead
