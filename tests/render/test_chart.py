"""The limit chart: a phone-sized PNG with the line, the amounts and the dates, no font needed
beyond Pillow's own (the words travel in the caption)."""
from __future__ import annotations

import io
from datetime import datetime, timedelta

import numpy
from PIL import Image

from bot.render.chart import GREEN, HEIGHT, WIDTH, limit_chart


def _image(points) -> Image.Image:
    png = limit_chart(points)
    assert png.startswith(b"\x89PNG")
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_two_reports_draw_a_line_between_them():
    image = _image([(datetime(2026, 11, 1), 5000), (datetime(2026, 12, 1), 8000)])
    assert image.size == (WIDTH, HEIGHT)
    greens = int((numpy.asarray(image) == GREEN).all(axis=2).sum())
    assert greens > 2000  # the line and both points


def test_a_long_history_over_two_years_and_a_single_report_are_drawn():
    many = [(datetime(2025, 6, 1) + timedelta(days=20 * i), 1000 * (i % 7)) for i in range(40)]
    assert _image(many).size == (WIDTH, HEIGHT)
    assert _image([(datetime(2026, 12, 1), 0)]).size == (WIDTH, HEIGHT)
