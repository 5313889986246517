"""The topic model's training set (pure): what tools/train_topic_model.py learns from, and the
digest that tells whether knowledge/topic_model.json was trained on the knowledge base as it is.

Every phrasing of every FAQ topic (its question and examples) and of out of scope, normalised
and read as the ranker reads its examples (`text.features.text_features`), once per topic."""
from __future__ import annotations

import hashlib
import json

from ..kb.schema import Knowledge
from .features import text_features
from .normalize import normalized_phrasings

OUT_OF_SCOPE = "__out_of_scope__"  # the pseudo-topic of knowledge/out_of_scope.yaml (text.topics)


def training_set(knowledge: Knowledge) -> list[tuple[dict[str, float], str]]:
    """(features, topic id) for every distinct phrasing of each topic, in a fixed order."""
    seen: set[tuple[str, str]] = set()
    rows = []
    for topic, normalized in normalized_phrasings(knowledge):
        label = topic or OUT_OF_SCOPE
        if (label, normalized) not in seen:
            seen.add((label, normalized))
            rows.append((dict(text_features(normalized, None, knowledge.shield.hotlines)), label))
    return rows


def digest(rows: list[tuple[dict[str, float], str]]) -> str:
    """A fingerprint of a training set: it changes with any phrasing, topic or feature."""
    data = json.dumps([[sorted((f, round(x, 6)) for f, x in feats.items()), label] for feats, label in rows],
                      ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def topic_model_warnings(knowledge: Knowledge) -> list[str]:
    """`quota-doctor check`'s warning when the topic model was trained on other phrasings. A stale
    model still works: the ranker blends in what it learnt, and ranks the topics it never saw by
    their examples alone; an FAQ edit never stops the bot."""
    model = knowledge.faq.model
    if model is None or model.trained_on == digest(training_set(knowledge)):
        return []
    return ["knowledge/topic_model.json: (file): trained on other phrasings than the knowledge base has now: "
            "run `pip install -e \".[train]\"` and `python -m tools.train_topic_model`"]
