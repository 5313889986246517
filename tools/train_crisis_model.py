"""Train the crisis model and write knowledge/crisis_model.json.

    .venv/bin/pip install -e ".[train]"
    .venv/bin/python -m tools.train_crisis_model [--check | --cross-validate]

The crisis detector (bot/text/crisis.py) answers first any message with one of the words of
knowledge/crisis.yaml `terms`. A message with none, but with a cue of dying, harm or despair
(`cues`), is read by this model: a logistic regression (scikit-learn) over the characters, pairs
and triples of its Chinese words and its English words and pairs of words (`crisis.features`, on
the text as `crisis.prepare` reads it). It learns
from knowledge/crisis_examples.yaml (seven writers' crisis messages, figures of speech and ordinary
look-alikes), and as ordinary text from every FAQ phrasing, every out-of-scope phrasing (but
those of `matcher_only` phrasing files) and every scam example (bot/text/crisis_training.py).
`--cross-validate` leaves out one writer at a time, and prints, for each threshold, how many of
the left-out writer's crisis messages are flagged and how many ordinary texts are.
`--check` only says whether the model was trained on the knowledge base as it is now.
"""
from __future__ import annotations

import argparse
import json
import sys

from bot.kb import read
from bot.paths import KNOWLEDGE_DIR
from bot.text.crisis_training import digest, examples, training_set
from tools.logistic import fit, parameters
from tools.placeholder import knowledge_with_placeholder

# Weights under this are left out of the file. Since English is read as words and pairs of words
# (thirteenth session) the model has a long tail of small ones: 0.03 keeps 34,000 of 63,000 and gave
# the same answer on writer D, w86, w88, writer C and the everyday SMS (0.1: one of writer D's
# crisis messages lost the line). Less memory in the running bot.
PRUNE = 0.03


def cross_validate(knowledge, rows) -> int:
    import dataclasses

    from bot.kb import ScamModel
    from bot.text.crisis import Level, level
    writers = sorted({w for _, _, w in rows if w})
    training = training_set(knowledge, rows)
    thresholds = (0.3, 0.4, 0.5, 0.6, 0.7)
    caught = {t: 0 for t in thresholds}
    false = {t: 0 for t in thresholds}
    offered = {t: 0 for t in thresholds}       # the full reply or the gentle line: 12356 either way
    offered_false = {t: 0 for t in thresholds}
    positives = negatives = 0
    for writer in writers:
        held = [i for i, (_, _, w) in enumerate(rows) if w == writer]
        bias, weights = parameters(*fit([row for i, row in enumerate(training) if rows[i][2] != writer]), PRUNE)
        for t in thresholds:
            model = ScamModel(bias, weights, "", t)
            crisis = dataclasses.replace(knowledge.crisis, model=model,
                                         gentle_threshold=min(t, knowledge.crisis.gentle_threshold))
            for i in held:
                found = level(rows[i][0], crisis)
                flagged, line = found is Level.CRISIS, found is not Level.NONE
                if rows[i][1]:
                    caught[t] += flagged
                    offered[t] += line
                else:
                    false[t] += flagged
                    offered_false[t] += line
        positives += sum(rows[i][1] for i in held)
        negatives += sum(not rows[i][1] for i in held)
    print(f"left out one writer at a time ({', '.join(writers)}): {positives} crisis messages, {negatives} look-alikes")
    for t in thresholds:
        print(f"threshold {t}: crisis given the full reply {caught[t] / positives:.1%}, the line offered "
              f"{offered[t] / positives:.1%}; look-alikes given the full reply {false[t] / negatives:.1%}, the line "
              f"{offered_false[t] / negatives:.1%} (model.gentle {knowledge.crisis.gentle_threshold})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--cross-validate", action="store_true")
    args = parser.parse_args(argv)
    report = read(KNOWLEDGE_DIR)
    knowledge = report.knowledge
    if knowledge is None and not all(p.startswith("knowledge/crisis_model.json:") for p in report.problems):
        print("\n".join(report.problems), file=sys.stderr)
        return 2
    if knowledge is None:
        knowledge = knowledge_with_placeholder("crisis_model.json",
                                               '{"trained_on": "nothing", "bias": -60, "weights": {"死": 0}}')
    rows = examples(knowledge, KNOWLEDGE_DIR)
    training = training_set(knowledge, rows)
    if args.check:
        fresh = knowledge.crisis.model is not None and knowledge.crisis.model.trained_on == digest(training)
        print("knowledge/crisis_model.json is up to date" if fresh else "knowledge/crisis_model.json: out of date")
        return 0 if fresh else 1
    if args.cross_validate:
        return cross_validate(knowledge, rows)
    vectorizer, model = fit(training)
    bias, weights = parameters(vectorizer, model, PRUNE)
    out = {"about": "Written by tools/train_crisis_model.py; do not edit. Logistic regression: "
                    "P(crisis) = 1 / (1 + exp(-(bias + sum of the weights of the text's features))).",
           "trained_on": digest(training), "messages": len(training), "crisis": sum(c for _, c in training),
           "bias": bias, "weights": weights}
    path = KNOWLEDGE_DIR / "crisis_model.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{path.name}: {len(training)} messages ({out['crisis']} crisis), {len(weights)} weights kept")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
