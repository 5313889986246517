"""How long the first message of a result is, over random interviews, in each language.

    python -m bench.result_length [--sets 3000] [--seed 1]

Each set answers the questions an interview would ask (each choice, "not sure" or an amount at
random), half of them as a re-diagnosis against an earlier random set (the "since last time"
line). Prints the median and the largest length of the text the user reads, and the largest
HTML as sent, against Telegram's 4,096 characters."""
from __future__ import annotations

import argparse
import random
import statistics

from bot.channels.telegram.limits import MAX_TEXT
from bot.core.result import context
from bot.kb import UNSURE, Knowledge, default
from bot.logic import interview
from bot.logic.changes import changes
from bot.logic.diagnosis import diagnose
from bot.render.pages import Renderer
from bot.render.plain import to_plain


def random_answers(k: Knowledge, rng: random.Random) -> dict:
    """Answers to the questions an interview asks, in its order, each drawn at random."""
    answers: dict = {}
    while (question := interview.first_open(k, answers)) is not None:
        if question.kind == "amount":
            answers[question.id] = rng.choice([None, rng.randint(0, 300_000)])
        else:
            answers[question.id] = rng.choice([*question.values, UNSURE])
    return answers


def first_message(renderer: Renderer, k: Knowledge, answers: dict, lang: str, previous: dict | None = None) -> str:
    outcome = diagnose(answers, k).to_json()
    return renderer.page(lang, "result", changes=changes(previous, outcome), **context(k, lang, outcome, answers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    k = default()
    renderer = Renderer(k)
    rng = random.Random(args.seed)
    sets = [random_answers(k, rng) for _ in range(args.sets)]
    earlier = [diagnose(random_answers(k, rng), k).to_json() if i % 2 else None for i in range(args.sets)]
    print(f"first message of a result over {args.sets} random interviews (limit {MAX_TEXT} characters)")
    for lang in k.languages.codes:
        pages = [first_message(renderer, k, a, lang, e) for a, e in zip(sets, earlier)]
        shown = [len(to_plain(p)) for p in pages]
        print(f"{lang}: median {statistics.median(shown):.0f} characters read, largest {max(shown)}; "
              f"largest as sent (HTML) {max(len(p) for p in pages)}")


if __name__ == "__main__":
    main()
