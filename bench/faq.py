"""FAQ matching quality and speed on the labelled sets in tests/data/.

    python bench/faq.py [--set test|dev|both|tune|tune-a|tune-b] [--show-errors]

`tune` is tests/data/faq_eval_tune.yaml; `tune-a` and `tune-b` are its two fixed halves
(alternate questions within each `# --- group ---` of the file): study the errors of half A
and the dev set, and use half B only as a check. Never tune on the test set.

Prints in-scope top-1 accuracy per language, out-of-scope refusal, scam recall, false alarms,
and the median time per question (targets: >= 95 % top-1 in each language, >= 90 % refused,
every scam flagged, <= 2 % false alarms, < 2 ms a question).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.faq import FaqMatcher  # noqa: E402
from bot.knowledge import default  # noqa: E402
from bot.safety import redact  # noqa: E402


SETS = ["test", "dev", "both", "tune", "tune-a", "tune-b"]


def _half(text: str, half: int) -> list[dict]:
    """Every other question of each `# --- group ---` of a set, starting with its first (half 0)
    or its second (half 1): a fixed split that keeps every topic in both halves."""
    cases, position = [], 0
    for line in text.splitlines():
        if line.startswith("# ---"):
            position = 0
        elif line.startswith("- "):
            if position % 2 == half:
                cases += yaml.safe_load(line)
            position += 1
    return cases


def load_cases(which: str) -> list[dict]:
    if which.startswith("tune-"):
        text = (ROOT / "tests" / "data" / "faq_eval_tune.yaml").read_text(encoding="utf-8")
        return _half(text, "ab".index(which[-1]))
    names = ["dev", "test"] if which == "both" else [which]
    cases = []
    for name in names:
        cases += yaml.safe_load((ROOT / "tests" / "data" / f"faq_eval_{name}.yaml").read_text(encoding="utf-8"))
    return cases


def evaluate(matcher: FaqMatcher, cases: list[dict]) -> dict:
    """Figures for a labelled set, and the cases it got wrong."""
    errors, times = [], []
    in_scope = {"en": [0, 0], "zh": [0, 0]}
    refused = [0, 0]
    scams = [0, 0]
    alarms = [0, 0]
    for case in cases:
        t0 = time.perf_counter()
        m = matcher.match(redact(case["text"]).text)
        times.append(time.perf_counter() - t0)
        if case["topic"] is None:
            refused[1] += 1
            refused[0] += m.id is None
            ok = m.id is None
        else:
            in_scope[case["lang"]][1] += 1
            in_scope[case["lang"]][0] += m.id == case["topic"]
            ok = m.id == case["topic"]
        if case["scam"]:
            scams[1] += 1
            scams[0] += m.scam
        else:
            alarms[1] += 1
            alarms[0] += m.scam
        if not ok or m.scam != case["scam"]:
            errors.append((case, m))
    ratio = lambda pair: pair[0] / pair[1] if pair[1] else 1.0  # noqa: E731
    return {
        "top1_en": ratio(in_scope["en"]), "top1_zh": ratio(in_scope["zh"]),
        "n_en": in_scope["en"][1], "n_zh": in_scope["zh"][1],
        "refused": ratio(refused), "n_out": refused[1],
        "scam_recall": ratio(scams), "n_scam": scams[1],
        "false_alarms": ratio(alarms), "n_innocent": alarms[1],
        "median_ms": statistics.median(times) * 1000, "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="test", choices=SETS)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    matcher = FaqMatcher(default())
    cases = load_cases(args.set)
    for topic in matcher.k.faq:  # warm up (regex compilation) on text outside the set measured
        matcher.match(topic.question.en)
        matcher.match(topic.question.zh)
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
