"""The crisis model's training set (pure): what tools/train_crisis_model.py learns from, and the
fingerprint that tells whether knowledge/crisis_model.json was trained on the knowledge base as
it is. The texts are read as the detector reads them (`crisis.prepare`, `crisis.features`)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

from ..kb.schema import Knowledge
from ..kb.shield_files import read_examples
from .crisis import features, prepare


def examples(knowledge: Knowledge, directory: Path) -> list[tuple[str, bool, str]]:
    """(text, crisis, writer): the labelled messages of crisis_examples.yaml, then, as ordinary
    text that is always learned (no writer), every FAQ and out-of-scope phrasing (but those only
    the topic matcher learns, `matcher_only`) and every scam example."""
    data = yaml.safe_load((Path(directory) / "crisis_examples.yaml").read_text(encoding="utf-8"))
    rows = [(e["text"], bool(e["crisis"]), str(e.get("writer", ""))) for e in data["examples"]]
    rows += [(t, False, "") for _, t in knowledge.faq.learnt()]
    scams, _ = read_examples(directory)
    rows += [(e.text, False, "") for e in scams]
    return rows


def training_set(knowledge: Knowledge, rows: list[tuple[str, bool, str]]) -> list[tuple[frozenset[str], bool]]:
    return [(features(prepare(text, knowledge.crisis)), crisis) for text, crisis, _ in rows]


def digest(training: list[tuple[frozenset[str], bool]]) -> str:
    """A fingerprint of a training set: it changes with any message, label or feature."""
    data = json.dumps([[sorted(f), c] for f, c in training], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def crisis_model_warnings(knowledge: Knowledge, directory: Path) -> list[str]:
    """`quota-doctor check`'s warning when the crisis model was trained on something else."""
    model = knowledge.crisis.model
    if model is None or model.trained_on == digest(training_set(knowledge, examples(knowledge, directory))):
        return []
    return ["knowledge/crisis_model.json: (file): trained on other examples than the knowledge base has now: "
            "run `pip install -e \".[train]\"` and `python -m tools.train_crisis_model`"]
