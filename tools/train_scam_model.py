"""Train the scam model, the scam shield's second opinion, and write knowledge/scam_model.json.

    .venv/bin/pip install -e ".[train]"
    .venv/bin/python -m tools.train_scam_model [--check | --cross-validate]

It learns from knowledge/scam_examples.yaml and, as innocent, from the FAQ's other phrasings
(bot/shield/training.py), by logistic regression (scikit-learn) over the features of
bot/shield/scam.py `scam_features`. Run it after editing scam_examples.yaml, safety.yaml (its terms,
groups, look-alikes or price questions), faq.yaml or a faq_phrasings*.yaml file that is not
`matcher_only`, or out_of_scope.yaml:
whatever changes what it learns from changes its fingerprint, and `quota-doctor check` and
tests/shield/test_scam_model.py say so until it is retrained.
`--check` only says whether the model is up to date (exit 1 when not). `--cross-validate`
writes nothing: it leaves out one writer's examples at a time, trains on the rest, and prints
how the whole shield (patterns, then that model, then the rule for questions about a scheme)
does on the left-out reports, questions and look-alikes, wording it has never seen. Training is deterministic: the same knowledge gives the same file.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from bot.kb import ScamExample, validate
from bot.kb.shield_files import read_examples
from bot.paths import KNOWLEDGE_DIR
from bot.shield.training import digest, model_problems, training_set
from tools.logistic import calibrated, calibration, fit, parameters, reliability
from tools.placeholder import knowledge_with_placeholder

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the model is up to date")
    parser.add_argument("--cross-validate", action="store_true",
                        help="leave out one writer at a time and measure the shield on them")
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real",
                        help="the real texts to learn from (pages_dev.yaml there; pages_check.yaml is never read)")
    parser.add_argument("--from", dest="first", metavar="WRITER", default="",
                        help="with --cross-validate: add up only this writer and the later ones "
                             "(the patterns of safety.yaml were written from w01 to w04)")
    args = parser.parse_args(argv)
    knowledge, problems = validate(KNOWLEDGE_DIR)
    if knowledge is None and not all(p.startswith("knowledge/scam_model.json:") for p in problems):
        print("\n".join(problems), file=sys.stderr)
        return 2
    if knowledge is None:  # only the model is missing or broken: train it from the rest
        if args.check:
            print("\n".join(problems))
            return 1
        knowledge = knowledge_with_placeholder("scam_model.json",
                                               '{"trained_on": "nothing", "bias": -60, "weights": {"G:money": 0}}')
    if args.check:
        problems, stale = model_problems(knowledge, KNOWLEDGE_DIR)
        print("\n".join(problems + stale) or "knowledge/scam_model.json is up to date")
        return 1 if problems or stale else 0
    examples, problems = read_examples(KNOWLEDGE_DIR)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    real = real_examples(args.real)
    if not real:
        print(f"no real texts at {args.real / 'pages_dev.yaml'}: training on the written examples only", file=sys.stderr)
    own = training_set(knowledge, examples)
    rows = training_set(knowledge, examples + real)
    if args.cross_validate:
        return cross_validate(knowledge, examples + real, rows, args.first)
    vectorizer, model = fit(rows)
    y = [scam for _, scam in rows]
    slope, intercept, pairs = calibration(rows)
    bias, weights = calibrated(*parameters(vectorizer, model), slope, intercept)
    print("calibrated on out-of-fold scores (5 folds):", *reliability(pairs, slope, intercept), sep="\n")
    out = {
        "about": "Written by tools/train_scam_model.py; do not edit. Logistic regression: "
                 "P(scam) = 1 / (1 + exp(-(bias + sum of the weights of the text's features))), "
                 "calibrated (Platt scaling on out-of-fold scores, folded into bias and weights).",
        "trained_on": digest(own),  # the knowledge base's part: what `check` compares
        "messages": len(rows), "scams": sum(y), "real_messages": len(real),
        "calibration": {"slope": round(slope, 4), "intercept": round(intercept, 4), "folds": 5},
        "bias": bias,
        "weights": weights,
    }
    path = KNOWLEDGE_DIR / "scam_model.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(rows)} messages ({sum(y)} scams), "
          f"{len(weights)} of {len(vectorizer.feature_names_)} features kept")
    return 0






def real_examples(directory: Path) -> tuple[ScamExample, ...]:
    """The real texts of pages_dev.yaml (read here, never copied into the repository), as examples
    of one writer, `pages_dev`: a scam is a scam, a question or an innocent text is innocent."""
    path = directory / "pages_dev.yaml"
    if not path.is_file():
        return ()
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    return tuple(ScamExample(item["text"], item["kind"] == "scam",
                             "other" if item["kind"] == "scam" else "innocent", "pages_dev") for item in items)


def cross_validate(knowledge, examples, rows, first: str = "") -> int:
    """Scams flagged, questions about a scheme flagged and look-alikes flagged, by the patterns
    alone and by the whole shield as `FaqMatcher.match` runs it (patterns, model, questions), on
    each writer's examples when the model was trained without them (an example with no writer is
    always trained on). The totals count the writers from `first` on."""
    import dataclasses

    from bot.kb import ScamModel
    from bot.text.faq import FaqMatcher
    from bot.text.redact import redact

    def flags(matcher: FaqMatcher, text: str) -> bool:
        return matcher.match(redact(text).text).scam
    never = dataclasses.replace(knowledge.shield.model, threshold=2.0)  # no probability reaches it
    # patterns alone: no model, no question rule
    patterns = FaqMatcher(dataclasses.replace(
        knowledge, shield=dataclasses.replace(knowledge.shield, model=never, question_topics=())))
    writers = sorted({e.writer for e in examples if e.writer})
    # each left-out model is calibrated as the shipped one was, so the threshold means the same
    saved = json.loads((KNOWLEDGE_DIR / "scam_model.json").read_text(encoding="utf-8")).get("calibration", {})
    shipped = (saved.get("slope", 1.0), saved.get("intercept", 0.0))
    kinds = ("reports", "questions", "look-alikes")
    totals = {name: {kind: [0, 0] for kind in kinds} for name in ("patterns", "shield")}
    print("writer  " + "  ".join(f"{kind} (patterns / shield)" for kind in kinds))
    for writer in writers:
        held = [i for i, e in enumerate(examples) if e.writer == writer]
        # training_set puts the examples first, then the FAQ phrasings
        bias, weights = calibrated(*parameters(*fit([row for i, row in enumerate(rows)
                                                     if i >= len(examples) or examples[i].writer != writer])),
                                   *shipped)
        model = ScamModel(bias, weights, "", knowledge.shield.model.threshold)
        shield = FaqMatcher(dataclasses.replace(knowledge, shield=dataclasses.replace(knowledge.shield, model=model)))
        line = {name: {kind: [0, 0] for kind in kinds} for name in totals}
        for i in held:
            e = examples[i]
            kind = "look-alikes" if not e.scam else "questions" if e.family == "scam_question" else "reports"
            for name, matcher in (("patterns", patterns), ("shield", shield)):
                line[name][kind][0] += flags(matcher, e.text)
                line[name][kind][1] += 1
        if writer >= first:
            for name in totals:
                for kind in kinds:
                    totals[name][kind][0] += line[name][kind][0]
                    totals[name][kind][1] += line[name][kind][1]
        print(f"{writer:6}  {_row(line, kinds)}")
    print(f"{'from ' + first if first else 'all':6}  {_row(totals, kinds)}")
    return 0


def _row(counts: dict, kinds: tuple[str, ...]) -> str:
    """One line of the table: for each kind, the patterns' and the shield's share, and the count."""
    return "  ".join(f"{_share(*counts['patterns'][kind]):>8} / {_share(*counts['shield'][kind]):>8}"
                     f" of {counts['shield'][kind][1]:<4}" for kind in kinds)


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f} %" if total else "-"


if __name__ == "__main__":
    raise SystemExit(main())
