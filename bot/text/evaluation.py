"""Measuring the FAQ matcher and the scam shield on a labelled set (used by bench/faq.py and the
tests; nothing at run time). A case is {text, lang, topic (or None: out of scope), scam}, and
may name other fair topics in `also`, and may say whether it is a `crisis` (words of suicide,
self-harm or no way out: the crisis reply must come first). A question outside the advisor's field is refused when it
gets no topic or `other_products` (which says plainly that the advisor covers Weilidai only); a
crisis message outside the field is not counted there, since the crisis reply answers it. A
victim's question flagged as a scam (its answer comes first, then the warning) is counted apart
from the false alarms."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import yaml

from .crisis import Level, level
from .faq import FaqMatcher
from .redact import redact

REFUSED = (None, "other_products")  # what counts as refusing a question outside the advisor's field


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
    victims = [0, 0]  # victims' own questions flagged: their answer first, then the warning
    by_topic: dict[str, list[int]] = {}
    crisis = {"full": 0, "gentle": 0, "n": 0, "false_full": 0, "false_gentle": 0, "n_other": 0, "missed": []}
    for case in cases:
        t0 = time.perf_counter()
        m = matcher.match(redact(case["text"]).text)
        times.append(time.perf_counter() - t0)
        if case["topic"] is None:
            ok = m.id in REFUSED
            if not case.get("crisis"):
                refused[1] += 1
                refused[0] += ok
            ok = ok or bool(case.get("crisis"))
        else:
            in_scope[case["lang"]][1] += 1
            ok = m.id == case["topic"] or m.id in case.get("also", ())
            in_scope[case["lang"]][0] += ok
            counts = by_topic.setdefault(case["topic"], [0, 0])
            counts[0] += ok
            counts[1] += 1
        if "crisis" in case:
            found = level(case["text"], matcher.k.crisis)
            if case["crisis"]:
                crisis["n"] += 1
                crisis["full"] += found is Level.CRISIS
                crisis["gentle"] += found is Level.GENTLE
                if found is Level.NONE:
                    crisis["missed"].append(case)
            else:
                crisis["n_other"] += 1
                crisis["false_full"] += found is Level.CRISIS
                crisis["false_gentle"] += found is Level.GENTLE
        victim = case["topic"] in matcher.k.shield.answer_first
        tally = scams if case["scam"] else victims if victim else alarms
        tally[1] += 1
        tally[0] += m.scam
        if not ok or (m.scam != case["scam"] and not (m.scam and victim)):
            errors.append((case, m))

    def ratio(pair: list[int]) -> float:
        return pair[0] / pair[1] if pair[1] else 1.0
    return {
        "top1_en": ratio(in_scope["en"]), "top1_zh": ratio(in_scope["zh"]),
        "n_en": in_scope["en"][1], "n_zh": in_scope["zh"][1],
        "refused": ratio(refused), "n_out": refused[1],
        "scam_recall": ratio(scams), "n_scam": scams[1],
        "false_alarms": ratio(alarms), "n_innocent": alarms[1],
        "victims_flagged": victims[0], "n_victims": victims[1],
        "median_ms": statistics.median(times) * 1000 if times else 0.0, "errors": errors,
        "by_topic": by_topic, "crisis": crisis,
    }


def crisis_figures(cases: list[dict], crisis) -> dict:
    """The crisis detector on a labelled set of {text, crisis, kind}: per kind, how many messages
    get the full reply, the gentle line (12356 either way) or nothing."""
    by_kind: dict[str, dict[str, int]] = {}
    for case in cases:
        found = level(case["text"], crisis)
        counts = by_kind.setdefault(f"{'crisis' if case['crisis'] else 'other'}:{case.get('kind', '')}",
                                    {"full": 0, "gentle": 0, "none": 0})
        counts[{Level.CRISIS: "full", Level.GENTLE: "gentle"}.get(found, "none")] += 1
    return by_kind


REAL_LINES = ("atec_questions_random200.txt", "atec_questions_overlap200.txt", "sms_normal_en_uci200.txt")
REAL_PAGES = ("pages_dev.yaml", "pages_check.yaml")


def real_text_figures(matcher: FaqMatcher, directory: Path) -> dict[str, dict[str, tuple[int, int]]]:
    """The advisor on the real texts of ../shared/real (read here, never copied): for each file,
    (count, of) per measure. Everyday lines: crisis reply, gentle line, scam warning, given a
    Weilidai topic (not refused, not `other_products`). Quoted pages: see `page_figures`."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for name in REAL_LINES:
        texts = [t.strip() for t in (directory / name).read_text(encoding="utf-8").splitlines() if t.strip()]
        levels = [level(t, matcher.k.crisis) for t in texts]
        matches = [matcher.match(t) for t in texts]
        n = len(texts)
        out[name] = {"crisis reply": (sum(x is Level.CRISIS for x in levels), n),
                     "gentle line": (sum(x is Level.GENTLE for x in levels), n),
                     "scam warning": (sum(m.scam for m in matches), n),
                     "given a Weilidai topic": (sum(m.id not in REFUSED for m in matches), n)}
    for name in REAL_PAGES:
        out[name] = page_figures(matcher, directory / name)
    return out


def _answered(matcher: FaqMatcher, m) -> bool:
    """Whether the user reads the answer of the match's topic (core.free_text.question): with no
    scam warning, or before it: a victim's answer (money already paid), or a flag no pattern named
    (the scam model's, or a question about a scheme), whose topic's answer says what it is. A
    warning a pattern named comes alone."""
    return (not m.scam or m.id in matcher.k.shield.answer_first
            or not any(k in matcher.k.shield.pattern_by_id for k in m.scam_kinds))


def page_figures(matcher: FaqMatcher, path: Path) -> dict[str, tuple[int, int]]:
    """Texts quoted from web pages (`items: [{text, kind, topics}]`, the form of pages_dev.yaml):
    scams flagged, innocent texts flagged, questions given a fair topic (one of its `topics`, or
    refused when `null` is fair; its answer read, `_answered`), out-of-scope
    texts refused (every fair answer is `null` or `other_products`), crisis."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    rows = [(item, matcher.match(item["text"]), item.get("topics") or []) for item in items]
    scams = [m for item, m, _ in rows if item["kind"] == "scam"]
    innocent = [m for item, m, _ in rows if item["kind"] == "innocent"]
    questions = [(m, t) for item, m, t in rows if item["kind"] == "question"]
    outside = [m for item, m, t in rows if item["kind"] != "scam" and set(t) <= {None, "other_products"}]
    return {"scams flagged": (sum(m.scam for m in scams), len(scams)),
            "innocent flagged": (sum(m.scam for m in innocent), len(innocent)),
            "questions given a fair topic": (sum(1 for m, t in questions if _answered(matcher, m)
                                                 and (m.id in t or (None in t and m.id in REFUSED))), len(questions)),
            "out of scope refused": (sum(1 for m in outside if not m.scam and m.id in REFUSED), len(outside)),
            "crisis reply": (sum(level(item["text"], matcher.k.crisis) is Level.CRISIS for item, _, _ in rows),
                             len(rows))}
