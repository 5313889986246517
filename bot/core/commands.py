"""The commands a user can send (shared/contract.md), in the order help and menus list them."""
from __future__ import annotations

COMMANDS = ("start", "diagnose", "plan", "progress", "reminders", "language", "mydata",
            "forget", "help", "cancel")


def command_name(value: str) -> str:
    """'/Start@QuotaDoctorBot arg' → 'start'."""
    words = value.strip().lstrip("/").split()
    return words[0].split("@")[0].lower() if words else ""
