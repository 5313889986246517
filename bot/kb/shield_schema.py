"""What the knowledge base holds for the scam shield and the crisis check (safety.yaml,
scam_model.json, scam_examples.yaml, crisis.yaml), as frozen dataclasses; kb.schema holds the rest
and the whole `Knowledge`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .languages import Text
from .linear_model import ScamModel


# -- the scam shield (safety.yaml, scam_model.json, scam_examples.yaml) ----------------------
@dataclass(frozen=True)
class ScamPattern:
    id: str
    topic: str | None  # the FAQ topic that answers it; none: the warning alone
    what: Text
    any_of: tuple[str, ...] = ()
    all_of: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ScamExample:
    text: str
    scam: bool
    family: str
    writer: str = ""  # who wrote it: cross-validation leaves out one writer at a time


@dataclass(frozen=True)
class Shield:
    patterns: tuple[ScamPattern, ...]
    innocent: tuple[str, ...]                  # an innocent clause: its combinations and the model are silent
    price_questions: tuple[str, ...]           # regular expressions
    lookalikes: tuple[tuple[str, str], ...]    # (regular expression, word)
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (name, terms): safety.yaml `groups`
    model: ScamModel
    question_topics: tuple[str, ...]  # a confident answer from one of them is a question about a scam
    question_unless: tuple[str, ...]  # ...unless the text has one of these (safety.yaml `scam_questions`)
    not_innocent: tuple[str, ...] = ()  # topics whose phrasings the model does not learn as innocent
    model_answers: tuple[str, ...] = ()  # besides the patterns' topics, topics that may answer a text the model flagged
    answer_first: tuple[str, ...] = ()  # topics answered before the scam warning (a victim's: prevention is too late)
    paid: tuple[str, ...] = ()          # money already paid: a flagged text with one gets answer_first's answer
    hotlines: tuple[str, ...] = ()      # official numbers: words for the FAQ, never a price for the shield
    clause_words: tuple[str, ...] = ()  # words that start another question ("另外", "also"): a clause ends there
    model_field: tuple[str, ...] = ()   # with faq.yaml's core_anchors and the money group: what the model reads
    warnings: tuple[str, ...] = ()      # an authority's warning: its sentence is set aside (safety.yaml `warnings`)
    warning_asks: tuple[str, ...] = ()  # ...unless it asks or tells a story (regular expressions)
    warning_stories: tuple[str, ...] = ()
    warning_lures: tuple[str, ...] = ()     # a scheme's own voice: a story too, and its warning phrases are borrowed
    warning_demands: tuple[str, ...] = ()   # a price demanded after a warning's phrase, in its clause: borrowed too
    warning_categories: tuple[str, ...] = ()  # a clause that names the kind of scheme its verdict refuses
    warning_destinations: tuple[str, ...] = ()  # money sent to an account: a demand in a clause that refuses nothing
    warning_refusals: tuple[str, ...] = ()  # a clause after the warning's phrase that still refuses: set aside too
    warning_pretexts: tuple[str, ...] = ()  # a clause that ends on a pretext ("以…为由") goes on into the next
    pattern_by_id: Mapping[str, ScamPattern] = field(repr=False, default_factory=dict)

    @property
    def pattern_topics(self) -> tuple[str, ...]:
        """The FAQ topics that answer the patterns, in their order (a pattern without one has none)."""
        return tuple(dict.fromkeys(p.topic for p in self.patterns if p.topic))


# -- crisis (crisis.yaml) --------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Crisis:
    terms: tuple[str, ...]                   # suicide, self-harm, no way out: the full reply
    gentle: tuple[str, ...]                  # death words as a figure of speech: the short reply
    not_crisis: tuple[str, ...]              # look-alikes removed first ("杀毒", "deadline")
    lookalikes: tuple[tuple[str, str], ...]  # (regular expression, word): disguised spellings
    cues: tuple[str, ...] = ()               # words of dying, harm or despair: the model reads only these texts
    model: "ScamModel | None" = None         # crisis_model.json: the same logistic form as the scam model
    debt_topics: tuple[str, ...] = ()        # after the reply, the debt question gets one of these if it ranks near the top
    gentle_threshold: float = 1.0            # the model less sure than its threshold, but this sure: the gentle line
    context: tuple[str, ...] = ()            # words of debt: a text with one and no cue is read by the model too...
    context_threshold: Mapping[str, float] = field(default_factory=dict)  # ...for the gentle line, from these
    unsaid: Mapping[str, float] = field(default_factory=dict)  # language → probability: no cue, no debt word
    not_cues: tuple[str, ...] = ()           # a cue's character inside an everyday word ("负债累累"): no cue there
