"""The crisis detector on the held-out set of writer D (tests/data/crisis_eval_heldout.yaml):
figures only, never the messages (the set is measured, not studied).

    python -m bench.crisis

How the detector does on writers it learnt from, each left out in turn, is
`python -m tools.train_crisis_model --cross-validate` (needs the [train] extra)."""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.kb import default
from bot.text.evaluation import crisis_figures

HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "crisis_eval_heldout.yaml"


def main() -> None:
    cases = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))["examples"]
    figures = crisis_figures(cases, default().crisis)
    for label in ("crisis", "other"):
        rows = {k.split(":", 1)[1]: v for k, v in figures.items() if k.startswith(label + ":")}
        n = sum(sum(v.values()) for v in rows.values())
        full = sum(v["full"] for v in rows.values())
        line = full + sum(v["gentle"] for v in rows.values())
        what = "crisis messages" if label == "crisis" else "look-alikes (figures of speech, ordinary questions)"
        print(f"{what}: {n}; the full reply {full} ({full / n:.1%}), the line offered (full or gentle) "
              f"{line} ({line / n:.1%})")
        for kind, v in sorted(rows.items()):
            print(f"  {kind}: full {v['full']}, gentle {v['gentle']}, nothing {v['none']}")


if __name__ == "__main__":
    main()
