"""The crisis detector on the held-out set of writer D (tests/data/crisis_eval_heldout.yaml):
figures only, never the messages (the set is measured, not studied).

    python -m bench.crisis
    python -m bench.crisis --writer FILE   # a writer's file kept outside the repository:
                                           # {crisis: {zh: [...], en: [...]}, lookalike: {...}}

How the detector does on writers it learnt from, each left out in turn, is
`python -m tools.train_crisis_model --cross-validate` (needs the [train] extra)."""
from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from bot.kb import default
from bot.text.evaluation import crisis_figures

HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "crisis_eval_heldout.yaml"


def writer_cases(path: Path) -> list[dict]:
    """A writer's file as labelled cases, one kind a language ("crisis:zh", "other:en")."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [{"text": text, "crisis": part == "crisis", "kind": lang}
            for part in ("crisis", "lookalike") for lang, texts in (data.get(part) or {}).items() for text in texts]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writer", type=Path, help="a writer's file instead of writer D's held-out set")
    args = parser.parse_args(argv)
    cases = (writer_cases(args.writer) if args.writer
             else yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))["examples"])
    figures = crisis_figures(cases, default().crisis)
    for label in ("crisis", "other"):
        rows = {k.split(":", 1)[1]: v for k, v in figures.items() if k.startswith(label + ":")}
        n = sum(sum(v.values()) for v in rows.values())
        if not n:
            continue
        full = sum(v["full"] for v in rows.values())
        line = full + sum(v["gentle"] for v in rows.values())
        what = "crisis messages" if label == "crisis" else "look-alikes (figures of speech, ordinary questions)"
        print(f"{what}: {n}; the full reply {full} ({full / n:.1%}), the line offered (full or gentle) "
              f"{line} ({line / n:.1%})")
        for kind, v in sorted(rows.items()):
            print(f"  {kind}: full {v['full']}, gentle {v['gentle']}, nothing {v['none']}")


if __name__ == "__main__":
    main()
