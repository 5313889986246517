"""The limit chart: time to draw it (first in the process, then warm) and the memory it takes.

    python -m bench.chart"""
from __future__ import annotations

import statistics
import time
import tracemalloc
from datetime import datetime, timedelta


def main() -> None:
    points = [(datetime(2026, 1, 1) + timedelta(days=9 * i), 5000 + 700 * i) for i in range(12)]
    started = time.perf_counter()
    from bot.render.chart import limit_chart  # the import of Pillow counts in the first chart
    limit_chart(points[:2])
    first = time.perf_counter() - started
    tracemalloc.start()
    limit_chart(points)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times = []
    for n in (2, 5, 12) * 10:
        started = time.perf_counter()
        limit_chart(points[:n])
        times.append(time.perf_counter() - started)
    print(f"first chart (Pillow imported): {first * 1000:.0f} ms; memory a chart takes: {peak / 2**20:.1f} MB")
    print(f"warm: median {statistics.median(times) * 1000:.1f} ms, largest {max(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
