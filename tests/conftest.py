"""Shared fixtures: the knowledge base, a fresh store, an advisor over it, and a `Chat`."""
from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.core import Advisor
from bot.kb import default
from bot.store import Store
from tests.helpers import Chat

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def knowledge():
    return default()


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "qd.db")
    yield s
    s.close()


@pytest.fixture
def advisor(store, knowledge):
    return Advisor(store, knowledge, SHANGHAI)


@pytest.fixture
def chat(advisor):
    return Chat(advisor)
