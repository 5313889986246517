"""Telegram's limits: message length and button data."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from bot.channels.telegram.limits import CallbackTooLong, check_callback, split_message
from tests.helpers import plain, telegram_html_problems


def test_callback_data_over_64_bytes_is_refused():
    assert check_callback("a:123:quota_status:reduced") == "a:123:quota_status:reduced"
    with pytest.raises(CallbackTooLong):
        check_callback("a:" + "x" * 70)
    with pytest.raises(CallbackTooLong):
        check_callback("额" * 22)  # 66 bytes in UTF-8


def test_short_text_is_one_message():
    assert split_message("<b>hi</b>") == ["<b>hi</b>"]


def test_long_text_splits_on_paragraphs():
    paras = [f"<b>Step {i}</b>\n" + "word " * 150 for i in range(20)]
    parts = split_message("\n\n".join(paras))
    assert len(parts) > 1
    assert all(len(p) <= 4096 and telegram_html_problems(p) == [] for p in parts)
    assert all(p.startswith("<b>Step") for p in parts)
    assert plain(" ".join(parts)).split() == plain("\n\n".join(paras)).split()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["word", "&amp;", "&lt;tag&gt;", "<b>bold text</b>", "<i>it</i>", "\n", "\n\n", "额度", "x" * 500]), max_size=400))
def test_any_split_keeps_valid_html_under_the_limit(pieces):
    text = " ".join(pieces) + " end"
    parts = split_message(text, limit=1000)
    for p in parts:
        assert len(p) <= 1000
        assert telegram_html_problems(p) == [], p
    assert "".join(plain(p) for p in parts).split() == plain(text).split() or len(parts) > 1


def test_one_huge_bold_paragraph_is_cut_outside_tags_and_reopened():
    text = "<b>" + "&amp; " * 2000 + "</b>"
    parts = split_message(text)
    assert len(parts) >= 3
    for p in parts:
        assert telegram_html_problems(p) == [], p[:80]
        assert p.startswith("<b>")
