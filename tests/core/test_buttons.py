"""The button table: every button the core sends is one of its codes, reads back to what it
means, and has a route; anything else is out of date or forged."""
from __future__ import annotations

import pytest

from bot.core import buttons
from bot.core.advisor import BUTTON_ROUTES
from tests.helpers import CLEAN, answer_all, start


def test_every_code_has_a_route_and_codes_are_unique():
    assert set(BUTTON_ROUTES) == {c.name for c in buttons.TABLE}
    assert len({c.code for c in buttons.TABLE}) == len(buttons.TABLE)


@pytest.mark.parametrize("code", buttons.TABLE, ids=lambda c: c.name)
def test_data_reads_back_to_what_it_means(code):
    args = [7 if a.endswith("_id") or a == "index" else (code.choices[0] if code.choices else "x") for a in code.args]
    pressed = buttons.parse(buttons.data(code.name, *args))
    assert pressed.name == code.name and list(pressed.args.values()) == args


@pytest.mark.parametrize("raw", ["", "junk", "a:1:quota_status", "a:x:quota_status:reduced", "a:1:q:c:extra",
                                 "menu:forget", "fg:maybe", "st:1:-1", "a:１:quota_status:reduced"])
def test_malformed_data_is_not_a_press(raw):
    assert buttons.parse(raw) is None


def test_every_button_of_a_whole_conversation_parses(chat):
    start(chat)
    answer_all(chat, dict(CLEAN, quota_status="closed"))
    chat.press("See my result")
    chat.press("weekly")
    chat.command("plan")
    chat.command("progress")
    chat.command("forget")
    sent = [b for r in chat.history for row in r.buttons for b in row if not b.url]
    assert len(sent) > 100
    assert all(buttons.parse(b.data) is not None for b in sent), [b.data for b in sent if not buttons.parse(b.data)]
    assert {buttons.parse(b.data).name for b in sent} >= {"agree", "answer", "why", "back", "skip", "finish",
                                                         "change", "reminders", "step", "limit", "forget"}


def test_only_the_result_button_is_slow():
    assert buttons.is_slow("fin:12") and not buttons.is_slow("a:1:quota_status:reduced")
    assert not buttons.is_slow("junk")
