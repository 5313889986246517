"""The FAQ's topic ranking: the nearest examples alone, the topic model alone, and blends.

    python -m bench.topics [--real ../shared/real]

For each share of the topic model (faq.yaml `matching.model_weight`: 0 is the examples alone,
1 the model alone), prints in-scope top-1 and out-of-scope refusal on the tune set (written,
studied) and on writer C's trouble set (held out), and the real questions of pages_dev.yaml
(studied) and pages_check.yaml (measured only) given a fair topic, with their out-of-scope texts
refused. The shipped share is marked."""
from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from bot.kb import default
from bot.text.evaluation import evaluate, load_cases, real_text_figures
from bot.text.faq import FaqMatcher

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SHARES = (0.0, 0.25, 0.35, 0.5, 0.65, 0.75, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real")
    args = parser.parse_args()
    k = default()
    sets = {name: load_cases(DATA / f"faq_eval_{name}.yaml") for name in ("tune", "trouble")}
    for share in SHARES:
        matcher = FaqMatcher(dataclasses.replace(k, faq=dataclasses.replace(k.faq, model_weight=share)))
        line = [f"model share {share:.2f}{' (shipped)' if share == k.faq.model_weight else ''}:"]
        for name, cases in sets.items():
            r = evaluate(matcher, cases)
            line.append(f"{name} top-1 en {r['top1_en']:.1%} zh {r['top1_zh']:.1%} refused {r['refused']:.1%};")
        if args.real.is_dir():
            real = real_text_figures(matcher, args.real)
            for name in ("pages_dev.yaml", "pages_check.yaml"):
                (q, nq), (o, no) = real[name]["questions given a fair topic"], real[name]["out of scope refused"]
                line.append(f"{name} questions {q}/{nq}, refused {o}/{no};")
        print(" ".join(line).rstrip(";"), flush=True)


if __name__ == "__main__":
    main()
