"""The scam model's training set (pure): what tools/train_scam_model.py learns from, and the
digest that tells whether knowledge/scam_model.json was trained on the knowledge base as it is.

Each message is prepared as a user's is (`shield.pipeline.prepare`), then read as
`shield.scam.scam_features`. The labelled messages of scam_examples.yaml come first; every example
phrasing of the FAQ topics that are not about scams, and every out-of-scope phrasing, follow as
innocent, but those of `matcher_only` phrasing files (`Faq.matcher_only`: the topic model's alone)."""
from __future__ import annotations

import hashlib
import json

from ..kb.schema import Knowledge, ScamExample
from ..kb.shield_files import read_examples
from .pipeline import prepare
from .scam import scam_features


def training_set(knowledge: Knowledge, examples: tuple[ScamExample, ...]) -> list[tuple[frozenset[str], bool]]:
    """(features, is a scam) for every training message, in a fixed order."""
    texts = [(e.text, e.scam) for e in examples]
    scam_topics = set(knowledge.shield.pattern_topics)  # (out of scope's None is none of them)
    texts += [(text, False) for topic, text in knowledge.faq.learnt()
              if topic not in scam_topics and topic not in knowledge.shield.not_innocent]
    return [(scam_features(prepare(text, knowledge).asked, knowledge), scam) for text, scam in texts]


def digest(rows: list[tuple[frozenset[str], bool]]) -> str:
    """A fingerprint of a training set: it changes with any message, label or feature."""
    data = json.dumps([[sorted(features), scam] for features, scam in rows], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def model_problems(knowledge: Knowledge, directory) -> tuple[list[str], list[str]]:
    """What `quota-doctor check` says about the scam model: (problems of its examples, a warning
    that it was trained on something else than the knowledge base has now). A stale model still
    works, with what it learnt before: an FAQ edit never stops the bot."""
    examples, problems = read_examples(directory)
    stale = []
    if not problems and digest(training_set(knowledge, examples)) != knowledge.shield.model.trained_on:
        stale.append("knowledge/scam_model.json: (file): trained on other examples than the knowledge "
                     "base has now: run `pip install -e \".[train]\"` and `python -m tools.train_scam_model`")
    return problems, stale
