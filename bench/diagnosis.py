"""Median time of one diagnosis over random profiles (target: under 0.2 ms).

    .venv/bin/python -m bench.diagnosis [--profiles 10000] [--seed 1]
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

from bot.kb import default
from bot.logic.diagnosis import diagnose


def random_profile(k, rng: random.Random) -> dict:
    answers = {}
    for q in k.interview.questions:
        if rng.random() < 0.1:
            continue  # not answered / not asked
        answers[q.id] = rng.randint(0, 200_000) if q.kind == "amount" else rng.choice(q.values)
    return answers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    k = default()
    rng = random.Random(args.seed)
    profiles = [random_profile(k, rng) for _ in range(args.profiles)]
    for p in profiles[:200]:
        diagnose(p, k)  # warm up
    times = []
    clock = time.perf_counter
    for p in profiles:
        t0 = clock()
        diagnose(p, k)
        times.append(clock() - t0)
    times.sort()
    print(f"profiles: {len(times)}")
    print(f"median: {statistics.median(times) * 1000:.4f} ms")
    print(f"p95: {times[int(len(times) * 0.95)] * 1000:.4f} ms")
    print(f"p99: {times[int(len(times) * 0.99)] * 1000:.4f} ms")


if __name__ == "__main__":
    main()
