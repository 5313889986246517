"""The Telegram channel (python-telegram-bot): the only package that imports `telegram`."""
from .app import Stopped, build_application, run

__all__ = ["Stopped", "build_application", "run"]
