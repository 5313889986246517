"""The advisor on real text nobody here wrote (../shared/real, read at run time, never copied).

    python -m bench.real_text [--real ../shared/real]

For the everyday samples (ATEC customer-service questions about Alipay products, English SMS):
how many messages get the crisis reply or the gentle line, a scam warning, or a Weilidai topic.
For the quoted web pages (pages_dev.yaml to learn from, pages_check.yaml only measured): scams
flagged, innocent texts flagged, questions given a fair topic, out-of-scope texts refused, and
crisis replies. A question has its fair topic only when the user reads that answer: a scam warning
that a pattern named comes alone (no topic), a flag no pattern named comes after its topic's answer.

    python -m bench.real_text --pages FILE [FILE ...]

measures other files of quoted pages in the same form instead (real text gathered apart, kept
outside the repository: README "Real text gathered apart")."""
from __future__ import annotations

import argparse
from pathlib import Path

from bot.kb import default
from bot.text.evaluation import page_figures, real_text_figures
from bot.text.faq import FaqMatcher

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real")
    parser.add_argument("--pages", type=Path, nargs="+", help="files of quoted pages to measure instead")
    args = parser.parse_args()
    matcher = FaqMatcher(default())
    if args.pages:
        missing = [p for p in args.pages if not p.is_file()]
        if missing:
            parser.error(f"no such file: {missing[0]}")
        figures = {str(p): page_figures(matcher, p) for p in args.pages}
    elif not args.real.is_dir():
        parser.error(f"no real text at {args.real} (give --real)")
    else:
        figures = real_text_figures(matcher, args.real)
    for name, measures in figures.items():
        print(f"{name}: " + ", ".join(f"{what} {n} of {of} ({n / of:.1%})" if of else f"{what} none"
                                      for what, (n, of) in measures.items()))


if __name__ == "__main__":
    main()
