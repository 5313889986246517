"""FAQ matching quality and speed on the labelled sets in tests/data/.

    .venv/bin/python -m bench.faq [--set test|dev|both|tune|tune-a|tune-b] [--show-errors]

`tune` is tests/data/faq_eval_tune.yaml; `tune-a` and `tune-b` are its two fixed halves
(alternate questions within each `# --- group ---` of the file): study the errors of half A
and the dev set, and use half B only as a check. Never tune on the test set.

Prints in-scope top-1 accuracy per language, out-of-scope refusal, scam recall, false alarms,
and the median time per question (targets: >= 95 % top-1 in each language, >= 90 % refused,
every scam flagged, <= 2 % false alarms, < 2 ms a question).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from bot.kb import default
from bot.text.evaluation import evaluate, load_cases
from bot.text.faq import FaqMatcher

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = ["test", "dev", "both", "tune", "tune-a", "tune-b"]


def cases_of(which: str) -> list[dict]:
    if which.startswith("tune-"):
        return load_cases(DATA / "faq_eval_tune.yaml", half="ab".index(which[-1]))
    names = ["dev", "test"] if which == "both" else [which]
    return [case for name in names for case in load_cases(DATA / f"faq_eval_{name}.yaml")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="test", choices=SETS)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    matcher = FaqMatcher(default())
    cases = cases_of(args.set)
    for topic in matcher.k.faq.topics:  # warm up (regex compilation) on text outside the set measured
        for question in topic.question.values.values():
            matcher.match(question)
    r = evaluate(matcher, cases)
    print(f"set: {args.set} ({len(cases)} questions)")
    print(f"in-scope top-1, English: {r['top1_en']:.1%} of {r['n_en']}")
    print(f"in-scope top-1, Chinese: {r['top1_zh']:.1%} of {r['n_zh']}")
    print(f"out-of-scope refused: {r['refused']:.1%} of {r['n_out']}")
    print(f"scam recall: {r['scam_recall']:.1%} of {r['n_scam']}")
    print(f"false alarms: {r['false_alarms']:.1%} of {r['n_innocent']}")
    print(f"median time per question: {r['median_ms']:.3f} ms")
    if args.show_errors:
        for case, m in r["errors"]:
            print(f"  {case['text']!r}: expected {case['topic']} scam={case['scam']}; got {m.id} "
                  f"({m.score:.2f}) scam={m.scam} {m.scam_kinds} alt={[a for a, _ in m.alternatives]}")


if __name__ == "__main__":
    main()
