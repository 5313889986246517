"""Messages of people in money trouble, as they type them (often no question): how many the FAQ
answers as a counsellor would start, asks back ("did you mean"), refuses or flags as a scam; and
how many look-alikes (money owed to the writer, exam stress, a bank's reminder) it takes for
trouble. Figures only, for a writer's file kept outside the repository:

    python -m bench.trouble FILE [--half A|B]

FILE: `items:` of `{text, lang, kind: trouble|lookalike, wants: TOPIC|none}`; `wants` is the topic
a counsellor would answer first. Halves by the first byte of the text's SHA-256: even A (studied),
odd B (measured only). "Answered" counts a confident answer whose topic is `wants` or another topic
for people in trouble (`FAIR`), read first (a scam warning may follow it: `outcome`)."""
from __future__ import annotations

import argparse
import collections
import hashlib
from pathlib import Path

import yaml

from bot.kb import default
from bot.kb.schema import MODEL_KIND, QUESTION_KIND
from bot.text.faq import matcher_for

FAIR = ("cannot_repay", "debt_collection", "overdue_effect", "scam_victim", "credit_dispute")


def half_of(text: str) -> str:
    return "A" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def outcome(match, wants: str, answer_first: tuple[str, ...] = ()) -> str:
    """What the user reads first. A scam warning may come after an answer: a victim's (`answer_first`)
    or, when no pattern named the scheme, the topic's; a warning whose scheme is the topic wanted
    ("should I pay this agency?") answers it too."""
    if match.scam:
        unnamed = all(k in (MODEL_KIND, QUESTION_KIND) for k in match.scam_kinds)  # no pattern named it
        first = match.id in answer_first or (match.id and unnamed)
        if match.id == wants or (first and match.id in FAIR):
            return "answered"
        return "another answer, then a warning" if first else "scam warning"
    if match.confident and match.id in (wants, *FAIR):
        return "answered"
    if match.confident:
        return "another answer"
    return "did you mean" if (match.id or match.alternatives) else "refused"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--half", choices=("A", "B"), help="one half only (default: each)")
    args = parser.parse_args(argv)
    matcher = matcher_for(default())
    items = yaml.safe_load(args.file.read_text(encoding="utf-8"))["items"]
    for half in (args.half,) if args.half else ("A", "B"):
        counts: dict[str, collections.Counter] = {"trouble": collections.Counter(), "lookalike": collections.Counter()}
        for item in items:
            if half_of(item["text"]) != half or item["kind"] not in counts:
                continue
            match = matcher.match(item["text"])
            if item["kind"] == "trouble":
                counts["trouble"][outcome(match, item.get("wants") or "", matcher.k.shield.answer_first)] += 1
            else:
                counts["lookalike"]["taken for trouble" if match.trouble or (match.confident and match.id == "cannot_repay")
                                    else "flagged" if match.scam else "other"] += 1
        for kind, c in counts.items():
            total = sum(c.values())
            print(f"half {half}, {kind}: {total}; " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))


if __name__ == "__main__":
    main()
