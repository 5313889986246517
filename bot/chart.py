"""A PNG chart of the reported limits over time, readable on a phone (matplotlib, Agg)."""
from __future__ import annotations

import importlib.resources
import io
from datetime import datetime

import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.dates import AutoDateLocator, DateFormatter  # noqa: E402

WIDTH_IN, HEIGHT_IN, DPI = 8, 5, 120   # 960 x 600 pixels: sharp on a phone, small to send
_FONT = importlib.resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"


def _font(size: float) -> font_manager.FontProperties:
    return font_manager.FontProperties(fname=str(_FONT), size=size)


def limit_chart(points: list[tuple[datetime, int]], title: str, y_label: str, date_format: str) -> bytes:
    """The limit over time as PNG bytes; labels are given in the user's language."""
    dates = [p[0] for p in points]
    amounts = [p[1] for p in points]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    try:
        ax.plot(dates, amounts, marker="o", markersize=8, linewidth=3, color="#1a7f5a")
        ax.fill_between(dates, amounts, alpha=0.12, color="#1a7f5a")
        for d, a in zip(dates, amounts):
            ax.annotate(f"{a:,}", (d, a), textcoords="offset points", xytext=(0, 10), ha="center",
                        fontproperties=_font(13))
        ax.set_title(title, fontproperties=_font(18), pad=14)
        ax.set_ylabel(y_label, fontproperties=_font(14))
        ax.set_ylim(0, max(max(amounts) * 1.2, 1000))
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=2, maxticks=6))
        ax.xaxis.set_major_formatter(DateFormatter(date_format))
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            label.set_fontproperties(_font(12))
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{int(v):,}"))
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
