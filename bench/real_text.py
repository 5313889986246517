"""The advisor on real text nobody here wrote (../shared/real, read at run time, never copied).

    python -m bench.real_text [--real ../shared/real]

For the everyday samples (ATEC customer-service questions about Alipay products, English SMS):
how many messages get the crisis reply or the gentle line, a scam warning, or a Weilidai topic.
For the quoted web pages (pages_dev.yaml to learn from, pages_check.yaml only measured): scams
flagged, innocent texts flagged, questions given a fair topic, out-of-scope texts refused, and
crisis replies. A question that gets the scam warning has no fair topic."""
from __future__ import annotations

import argparse
from pathlib import Path

from bot.kb import default
from bot.text.evaluation import real_text_figures
from bot.text.faq import FaqMatcher

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real")
    args = parser.parse_args()
    if not args.real.is_dir():
        parser.error(f"no real text at {args.real} (give --real)")
    for name, measures in real_text_figures(FaqMatcher(default()), args.real).items():
        print(f"{name}: " + ", ".join(f"{what} {n} of {of} ({n / of:.1%})" if of else f"{what} none"
                                      for what, (n, of) in measures.items()))


if __name__ == "__main__":
    main()
