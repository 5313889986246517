"""Telegram users as the core knows them: `telegram:<user id>`; a user's private chat has the
user's id."""
from __future__ import annotations

CHANNEL = "telegram"  # user keys are telegram:<user id>


def user_key(user_id: int) -> str:
    """The core's key of a Telegram user."""
    return f"{CHANNEL}:{user_id}"


def chat_of(key: str) -> int:
    """The private chat of a user key (a user's private chat has the user's id)."""
    return int(key.split(":", 1)[1])
