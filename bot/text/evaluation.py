"""Measuring the FAQ matcher and the scam shield on a labelled set (used by bench/faq.py and the
tests; nothing at run time). A case is {text, lang, topic (or None: out of scope), scam}."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import yaml

from .faq import FaqMatcher
from .redact import redact


def load_cases(path: Path, half: int | None = None) -> list[dict]:
    """The cases of a set file; `half` 0 or 1 takes every other case of each `# --- group ---`
    (starting with its first or its second): a fixed split that keeps every topic in both."""
    text = Path(path).read_text(encoding="utf-8")
    if half is None:
        return yaml.safe_load(text)
    cases, position = [], 0
    for line in text.splitlines():
        if line.startswith("# ---"):
            position = 0
        elif line.startswith("- "):
            if position % 2 == half:
                cases += yaml.safe_load(line)
            position += 1
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

    def ratio(pair: list[int]) -> float:
        return pair[0] / pair[1] if pair[1] else 1.0
    return {
        "top1_en": ratio(in_scope["en"]), "top1_zh": ratio(in_scope["zh"]),
        "n_en": in_scope["en"][1], "n_zh": in_scope["zh"][1],
        "refused": ratio(refused), "n_out": refused[1],
        "scam_recall": ratio(scams), "n_scam": scams[1],
        "false_alarms": ratio(alarms), "n_innocent": alarms[1],
        "median_ms": statistics.median(times) * 1000 if times else 0.0, "errors": errors,
    }
