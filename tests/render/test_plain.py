"""Telegram-style HTML as plain text for text-only channels (render/plain.py)."""
from __future__ import annotations

from bot.render.plain import to_plain


def test_tags_go_entities_are_decoded_and_links_are_written_out():
    html = '<b>Careful</b> &amp; <i>calm</i>: see <a href="https://example.org/x">this page</a> &lt;now&gt;'
    assert to_plain(html) == "Careful & calm: see this page (https://example.org/x) <now>"


def test_styles_become_terminal_styles_only_when_asked():
    assert to_plain("<b>bold</b>", styled=True) == "\033[1mbold\033[0m"
    assert "\033" not in to_plain("<b>bold</b>")
