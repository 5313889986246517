"""A security review, as tests: SQL lives only in store.py and is always parameterised, user
text is escaped wherever it is shown, and the token never reaches a reply."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.helpers import Chat

BOT = Path(__file__).resolve().parent.parent / "bot"
STORE = BOT / "store"
SQL = re.compile(r"^\s*(select\b.*\bfrom\b|insert\s+into\b|update\s+\w+\s+set\b|delete\s+from\b|"
                 r"create\s+(table|index)\b|drop\s+table\b|alter\s+table\b|pragma\s+\w+)", re.IGNORECASE | re.DOTALL)


def _string_constants(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node


def test_sql_lives_only_in_the_store():
    store_sql = [c.value for path in STORE.glob("*.py")
                 for c in _string_constants(ast.parse(path.read_text())) if SQL.match(c.value)]
    assert len(store_sql) > 10  # the pattern does recognise the store's statements
    for path in BOT.rglob("*.py"):
        if path.parent == STORE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [c.value for c in _string_constants(tree) if SQL.match(c.value)], path.name


@pytest.mark.parametrize("path", sorted(STORE.glob("*.py")), ids=lambda p: p.name)
def test_every_sql_statement_is_parameterised(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("execute", "query", "executescript") and node.args:
            sql = node.args[0]
            assert not isinstance(sql, (ast.JoinedStr, ast.BinOp)), \
                f"line {node.lineno}: SQL built from values; pass them as parameters"
            if isinstance(sql, ast.Call):  # "...".format(...)
                raise AssertionError(f"line {node.lineno}: SQL built with format()")


def test_user_text_is_escaped_wherever_it_is_shown(chat: Chat, store):
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    chat.command(hostile)                 # echoed by "unknown command"
    assert "<script>" not in chat.last[0].text and "&lt;" in chat.last[0].text
    chat.say(hostile)                     # free text is never echoed raw
    assert all("<script>" not in r.text for r in chat.last)
    chat.command("start")
    chat.press("I agree")
    chat.press("It was cut")
    chat.say(hostile)                     # a bad amount: re-asked, not echoed raw
    assert all("<script>" not in r.text for r in chat.last)


def test_the_token_never_reaches_a_reply(monkeypatch, chat):
    token = "123456789:AAHsecretSECRETsecretSECRETsecret0"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    for command in ("start", "help", "mydata", "plan", "progress"):
        for reply in chat.command(command):
            assert token not in reply.text and (reply.document is None or token.encode() not in reply.document.content)
