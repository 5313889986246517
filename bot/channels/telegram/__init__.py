"""The Telegram channel (python-telegram-bot): the only package that imports `telegram`."""
from .app import build_application, run

__all__ = ["build_application", "run"]
