"""The conversation core: an `Event` in, `Reply`s out, the same for every channel."""
from .advisor import GROUP_COMMANDS, Advisor
from .commands import COMMANDS
from .events import Button, Document, Event, Reply

__all__ = ["COMMANDS", "GROUP_COMMANDS", "Advisor", "Button", "Document", "Event", "Reply"]
