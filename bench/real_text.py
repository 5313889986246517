"""The advisor on real text nobody here wrote (../shared/real, read at run time, never copied).

    python -m bench.real_text [--real ../shared/real]

For the everyday samples (ATEC customer-service questions about Alipay products, English SMS):
how many messages get the crisis reply or the gentle line, a scam warning, or a Weilidai topic.
For the quoted web pages (pages_dev.yaml to learn from, pages_check.yaml only measured): scams
flagged, innocent texts flagged, questions given a fair topic, and crisis replies."""
from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from bot.kb import default
from bot.text.crisis import Level, level
from bot.text.evaluation import REFUSED
from bot.text.faq import FaqMatcher
from bot.text.redact import redact

ROOT = Path(__file__).resolve().parent.parent
LINES = ("atec_questions_random200.txt", "atec_questions_overlap200.txt", "sms_normal_en_uci200.txt")
PAGES = ("pages_dev.yaml", "pages_check.yaml")


def _share(n: int, of: int) -> str:
    return f"{n} of {of} ({n / of:.1%})" if of else "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real")
    args = parser.parse_args()
    if not args.real.is_dir():
        parser.error(f"no real text at {args.real} (give --real)")
    k = default()
    matcher = FaqMatcher(k)
    for name in LINES:
        texts = [t.strip() for t in (args.real / name).read_text(encoding="utf-8").splitlines() if t.strip()]
        levels = [level(t, k.crisis) for t in texts]
        matches = [matcher.match(redact(t).text) for t in texts]
        print(f"{name}: crisis reply {_share(sum(x is Level.CRISIS for x in levels), len(texts))}, "
              f"gentle line {sum(x is Level.GENTLE for x in levels)}, "
              f"scam warning {_share(sum(m.scam for m in matches), len(texts))}, "
              f"given a Weilidai topic {_share(sum(m.id not in REFUSED for m in matches), len(texts))}")
    for name in PAGES:
        items = yaml.safe_load((args.real / name).read_text(encoding="utf-8"))["items"]
        by_kind: dict[str, list] = {}
        for item in items:
            by_kind.setdefault(item["kind"], []).append((item, matcher.match(redact(item["text"]).text)))
        scams = by_kind.get("scam", [])
        innocent = by_kind.get("innocent", [])
        questions = by_kind.get("question", [])
        fair = sum(1 for item, m in questions
                   if m.id in (item.get("topics") or []) or (None in (item.get("topics") or []) and m.id in REFUSED))
        crisis = sum(level(item["text"], k.crisis) is Level.CRISIS for item in items)
        print(f"{name}: scams flagged {_share(sum(m.scam for _, m in scams), len(scams))}, "
              f"innocent flagged {_share(sum(m.scam for _, m in innocent), len(innocent))}, "
              f"questions given a fair topic {_share(fair, len(questions))}, "
              f"crisis reply {_share(crisis, len(items))}")


if __name__ == "__main__":
    main()
