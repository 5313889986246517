"""Logging for the Telegram channel: the bot token never reaches a log line, a traceback, or a
message the process prints when it stops."""
from __future__ import annotations

import logging


def without_token(text: str, token: str) -> str:
    """`text` with the token, and its secret part alone (as a URL may carry it), replaced."""
    secret = token.split(":", 1)[-1]
    text = text.replace(token, "<token>")
    return text.replace(secret, "<token>") if len(secret) >= 20 else text


class TokenFormatter(logging.Formatter):
    """Formats a record, traceback and chained exceptions included, then takes the token out of
    the whole text: wherever a library put it (an exception's message, a URL), it is not shown."""

    def __init__(self, token: str, fmt: str):
        super().__init__(fmt)
        self.token = token

    def format(self, record: logging.LogRecord) -> str:
        return without_token(super().format(record), self.token)


def configure_logging(token: str, level: int = logging.INFO) -> None:
    logging.basicConfig(level=level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # httpx logs every URL, token included
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(TokenFormatter(token, "%(asctime)s %(levelname)s %(name)s: %(message)s"))
