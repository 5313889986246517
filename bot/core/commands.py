"""The commands a user can send (shared/contract.md), in the order help and menus list them."""
from __future__ import annotations

COMMANDS = ("start", "diagnose", "plan", "progress", "reminders", "language", "mydata",
            "forget", "help", "cancel")


def command_name(value: str) -> str:
    """'/Start@QuotaDoctorBot arg' → 'start'."""
    words = value.strip().lstrip("/").split()
    return words[0].split("@")[0].lower() if words else ""


def command_payload(value: str) -> str:
    """'/start scamcheck' → 'scamcheck' (a deep link's payload): what follows the command."""
    words = value.strip().split(maxsplit=1)
    return words[1][:64] if len(words) > 1 else ""
