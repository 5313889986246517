"""A PNG chart of the reported limits over time, readable on a phone (matplotlib, Agg).
matplotlib is imported on the first chart, not at start-up."""
from __future__ import annotations

import importlib.resources
import io
from datetime import datetime

WIDTH_IN, HEIGHT_IN, DPI = 8, 5, 120   # 960 x 600 pixels: sharp on a phone, small to send


def limit_chart(points: list[tuple[datetime, int]], title: str, y_label: str, date_format: str) -> bytes:
    """The limit over time as PNG bytes; labels are given in the user's language."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager, ticker
    from matplotlib import pyplot as plt
    from matplotlib.dates import AutoDateLocator, DateFormatter

    font_file = str(importlib.resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf")

    def font(size: float):
        return font_manager.FontProperties(fname=font_file, size=size)

    dates = [p[0] for p in points]
    amounts = [p[1] for p in points]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    try:
        ax.plot(dates, amounts, marker="o", markersize=8, linewidth=3, color="#1a7f5a")
        ax.fill_between(dates, amounts, alpha=0.12, color="#1a7f5a")
        for d, a in zip(dates, amounts):
            ax.annotate(f"{a:,}", (d, a), textcoords="offset points", xytext=(0, 10), ha="center",
                        fontproperties=font(13))
        ax.set_title(title, fontproperties=font(18), pad=14)
        ax.set_ylabel(y_label, fontproperties=font(14))
        ax.set_ylim(0, max(max(amounts) * 1.2, 1000))
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=2, maxticks=6))
        ax.xaxis.set_major_formatter(DateFormatter(date_format))
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            label.set_fontproperties(font(12))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{int(v):,}"))
        ax.grid(axis="y", alpha=0.3)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.autofmt_xdate()
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI)
        return out.getvalue()
    finally:
        plt.close(fig)
