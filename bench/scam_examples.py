"""The whole shield on the written messages it learnt from (knowledge/scam_examples.yaml).

    python -m bench.scam_examples [--writer w77 ...]

Prints the scams missed and the innocent messages flagged, as `FaqMatcher.match` runs the shield
(patterns, the model, questions about a scheme): a figure on text the model was trained on, so an
upper bound; `python -m tools.train_scam_model --cross-validate` measures each writer left out.
With `--writer`, only those writers' messages."""
from __future__ import annotations

import argparse

from bot.kb import default
from bot.kb.shield_files import read_examples
from bot.paths import KNOWLEDGE_DIR
from bot.text.faq import FaqMatcher


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writer", nargs="+", help="only these writers' messages")
    args = parser.parse_args()
    examples, problems = read_examples(KNOWLEDGE_DIR)
    if problems:
        parser.error("; ".join(problems))
    if args.writer:
        examples = tuple(e for e in examples if e.writer in args.writer)
    matcher = FaqMatcher(default())
    scams = [e for e in examples if e.scam]
    innocent = [e for e in examples if not e.scam]
    missed = sum(not matcher.match(e.text).scam for e in scams)
    flagged = sum(matcher.match(e.text).scam for e in innocent)
    print(f"scams missed: {missed} of {len(scams)}; innocent messages flagged: {flagged} of {len(innocent)}")


if __name__ == "__main__":
    main()
