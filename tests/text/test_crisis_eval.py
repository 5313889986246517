"""The crisis detector on writer D's held-out set (tests/data/crisis_eval_heldout.yaml): 90
crisis messages (direct, indirect, disguised, mixed into a debt question) and 50 look-alikes,
written by someone who saw neither the detector nor the other sets. Measured, never studied
(`python -m bench.crisis` prints the same figures). The bars hold the figures measured on
2026-12-07: the line offered to 89 of 90 (88 before the apostrophe was folded and writer w74's half A
was learnt) and the full reply to 86 (87 before debt words with no cue were read by the model; 85 and
85 before writer w61; 83 and 82 before writers w58 and w60), the
full reply to 6 of 50 look-alikes (5 before the thirteenth session's crisis model read English as
words and pairs of words, which offered the line to 77 of a fresh writer's 100 English crisis
messages, 58 before). The issue's target, every crisis message flagged, is not met on this set: a strict
expected failure, which fails the day it passes. A failure reports figures only."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.kb import default
from bot.text.evaluation import crisis_figures

HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "crisis_eval_heldout.yaml"


@pytest.fixture(scope="module")
def totals():
    cases = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))["examples"]
    assert sum(c["crisis"] for c in cases) >= 60 and len({c["kind"] for c in cases if c["crisis"]}) == 4
    figures = crisis_figures(cases, default().crisis)
    total = {"crisis": {"full": 0, "gentle": 0, "none": 0}, "other": {"full": 0, "gentle": 0, "none": 0}}
    for key, counts in figures.items():
        for k, v in counts.items():
            total[key.split(":")[0]][k] += v
    return total


def test_the_line_reaches_crisis_messages_it_never_saw(totals):
    c = totals["crisis"]
    assert c["full"] + c["gentle"] >= 89 and c["full"] >= 86, totals


def test_figures_of_speech_rarely_get_the_full_crisis_reply(totals):
    assert totals["other"]["full"] <= 6, totals


@pytest.mark.xfail(strict=True, reason="issue target not met on a writer never studied: 1 of 90 gets no line")
def test_target_every_crisis_message_gets_the_line(totals):
    assert totals["crisis"]["none"] == 0, totals
