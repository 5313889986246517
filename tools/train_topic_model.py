"""Train the topic model the FAQ's ranking is blended with, and write knowledge/topic_model.json.

    .venv/bin/pip install -e ".[train]"
    .venv/bin/python -m tools.train_topic_model [--check]

It learns every phrasing of every FAQ topic and of out of scope (bot/text/topic_training.py) by
multinomial logistic regression (scikit-learn) over the ranker's features. Run it after editing
faq.yaml, faq_phrasings*.yaml or out_of_scope.yaml: until then `quota-doctor check` warns that the
model is stale, and the bot goes on with what the model learnt before (a topic it never learnt is
ranked by its examples alone). `--check` only says whether the model is up to date (exit 1 when
not). Training is deterministic: the same knowledge gives the same file. `python -m bench.topics`
measures the blend against the examples alone and the model alone.
"""
from __future__ import annotations

import argparse
import base64
import json
import sys
from array import array
from pathlib import Path

from bot.kb import validate
from bot.paths import KNOWLEDGE_DIR
from bot.text.topic_training import digest, topic_model_warnings, training_set
from tools.placeholder import knowledge_with_placeholder

ROOT = Path(__file__).resolve().parent.parent
MODEL = "topic_model.json"
# L2 regularisation strength (scikit-learn's C), chosen on the tune set and pages_dev.yaml's
# questions among 0.3, 1, 3 and 10 (bench/topics.py measures the result)
C = 3.0
PRUNE = 0.05  # smaller weights are left out: a tenth of them kept, the same answers on every set


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the model is up to date")
    args = parser.parse_args(argv)
    knowledge, problems = validate(KNOWLEDGE_DIR)
    if knowledge is None and not all(p.startswith(f"knowledge/{MODEL}:") for p in problems):
        print("\n".join(problems), file=sys.stderr)
        return 2
    if args.check:
        stale = problems if knowledge is None else topic_model_warnings(knowledge)
        print("\n".join(stale) or f"knowledge/{MODEL} is up to date")
        return 1 if stale else 0
    if knowledge is None:  # only the model is missing or broken: train it from the rest
        knowledge = knowledge_with_placeholder(MODEL, '{"trained_on": "nothing", "classes": ["x"], "bias": [0], '
                                               '"features": "w:x", "cells": "AAAAAAAAAAA=", "weights": "AAAAAA=="}')
    rows = training_set(knowledge)
    out = {
        "about": "Written by tools/train_topic_model.py; do not edit. Multinomial logistic regression: "
                 "P(topic) = softmax over the classes of (bias + sum of the text's feature values times "
                 "their weights). cells: (feature index, class index) pairs, int32; weights: one per pair, "
                 "float32; both little-endian, base64.",
        "trained_on": digest(rows),
        "phrasings": len(rows),
        **fit(rows),
    }
    features = out["features"].split("\n")
    path = KNOWLEDGE_DIR / MODEL
    path.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    kept = len(base64.b64decode(out["weights"])) // 4
    print(f"{path.relative_to(ROOT)}: {len(rows)} phrasings of {len(out['classes'])} topics, "
          f"{kept} weights over {len(features)} features kept")
    return 0


def fit(rows) -> dict:
    """classes, bias and the pruned weights of a multinomial logistic regression on the rows."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([features for features, _ in rows])
    x.indices, x.indptr = x.indices.astype(np.int32), x.indptr.astype(np.int32)
    model = LogisticRegression(C=C, max_iter=5000).fit(x, [label for _, label in rows])
    features, cells, weights = [], array("i"), array("f")
    for name, j in sorted(vectorizer.vocabulary_.items()):
        kept = [(i, w) for i, w in enumerate(model.coef_[:, j]) if abs(w) >= PRUNE]
        if kept:
            for i, w in kept:
                cells.extend((len(features), i))
                weights.append(round(float(w), 4))
            features.append(name)
    return {"classes": [str(c) for c in model.classes_], "bias": [round(float(b), 4) for b in model.intercept_],
            "features": "\n".join(features),  # one text, a feature a line: one object to read
            # (feature index, class index) pairs as little-endian int32, their weights as float32: read in one go
            "cells": base64.b64encode(_little_endian(cells)).decode("ascii"),
            "weights": base64.b64encode(_little_endian(weights)).decode("ascii")}


def _little_endian(values: array) -> bytes:
    if sys.byteorder != "little":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


if __name__ == "__main__":
    raise SystemExit(main())
