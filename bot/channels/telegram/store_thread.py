"""The store's own thread: every call of the core (which reads and writes SQLite) runs there,
one at a time, so the event loop, and with it every other chat's Telegram traffic, never waits
for the disk or for a lock another process holds (the store gives up after BUSY_TIMEOUT_MS)."""
from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar

from telegram.ext import Application

T = TypeVar("T")
KEY = "store_thread"


def start(app: Application) -> None:
    app.bot_data[KEY] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")


async def call(app: Application, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` on the store's thread."""
    return await asyncio.get_running_loop().run_in_executor(app.bot_data[KEY], functools.partial(fn, *args))


def stop(app: Application) -> None:
    app.bot_data[KEY].shutdown()
