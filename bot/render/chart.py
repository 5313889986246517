"""A PNG chart of the reported limits over time, readable on a phone, drawn with Pillow.

The picture holds only numbers and dates, so it needs no CJK font: its title and words travel in
the photo's caption, in the user's language. Pillow's own font is used (Pillow 10.1 or later)."""
from __future__ import annotations

import io
from datetime import datetime

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 960, 600            # sharp on a phone, small to send
LEFT, RIGHT, TOP, BOTTOM = 120, 40, 50, 90
MAX_LABELS = 6                      # reports named on the chart (their amount and date)
GREEN, FILL, GRID, INK, MUTED = (26, 127, 90), (221, 238, 231), (225, 225, 225), (30, 30, 30), (110, 110, 110)


def _nice_step(top: float) -> int:
    """A round step for about five grid lines up to `top`."""
    raw = max(top / 5, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def limit_chart(points: list[tuple[datetime, int]]) -> bytes:
    """The limit over time as PNG bytes: the line, each report's amount, the dates."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    small, label = ImageFont.load_default(size=20), ImageFont.load_default(size=24)
    amounts = [a for _, a in points]
    step = _nice_step(max(max(amounts) * 1.15, 1000))
    top = step * (int(max(max(amounts) * 1.15, 1000) // step) + 1)
    start, end = points[0][0], points[-1][0]
    span = max((end - start).total_seconds(), 1.0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def xy(when: datetime, amount: int) -> tuple[float, float]:
        x = LEFT + (plot_w / 2 if len(points) == 1 else (when - start).total_seconds() / span * plot_w)
        return x, TOP + plot_h * (1 - amount / top)

    for value in range(0, int(top) + 1, int(step)):  # the grid, with its amounts
        y = TOP + plot_h * (1 - value / top)
        draw.line([(LEFT, y), (WIDTH - RIGHT, y)], fill=GRID, width=1)
        draw.text((LEFT - 12, y), f"{value:,}", font=small, fill=MUTED, anchor="rm")
    line = [xy(when, amount) for when, amount in points]
    draw.polygon([(line[0][0], TOP + plot_h), *line, (line[-1][0], TOP + plot_h)], fill=FILL)
    draw.line(line, fill=GREEN, width=5, joint="curve")
    years = start.year != end.year
    n = len(points)
    labelled = set(range(n)) if n <= MAX_LABELS else {round(i * (n - 1) / (MAX_LABELS - 1)) for i in range(MAX_LABELS)}
    for i, ((when, amount), (x, y)) in enumerate(zip(points, line)):
        draw.ellipse([x - 8, y - 8, x + 8, y + 8], fill=GREEN)
        if i in labelled:  # a crowded history names a few reports, always the first and the last
            draw.text((x, y - 16), f"{amount:,}", font=label, fill=INK, anchor="md")
            draw.text((x, TOP + plot_h + 16), when.strftime("%Y-%m-%d" if years else "%m-%d"), font=small,
                      fill=MUTED, anchor="ma")
    draw.line([(LEFT, TOP + plot_h), (WIDTH - RIGHT, TOP + plot_h)], fill=MUTED, width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
