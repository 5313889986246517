"""The store's own thread: every call of the core (which reads and writes SQLite) runs there,
one at a time, so the event loop, and with it every other chat's Telegram traffic, never waits
for the disk or for a lock another process holds (the store gives up after BUSY_TIMEOUT_MS).

Beside it, the marks' thread, with a connection of its own: "this reached Telegram" is written
there the moment Telegram answers, never queued behind the core's work for other users (only
behind other marks, each one short UPDATE), so a crash finds little between a message sent and
its mark (what is not marked is sent again after a restart). An in-memory store has no second
connection: its marks run on the store's thread."""
from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar

from telegram.ext import Application

from ...store import Store

T = TypeVar("T")
KEY = "store_thread"
MARKS = "marks_thread"


def start(app: Application, store: Store) -> None:
    app.bot_data[KEY] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
    twin = store.twin()
    app.bot_data[MARKS] = (app.bot_data[KEY] if twin is store
                           else ThreadPoolExecutor(max_workers=1, thread_name_prefix="marks"), twin)


async def call(app: Application, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` on the store's thread."""
    return await asyncio.get_running_loop().run_in_executor(app.bot_data[KEY], functools.partial(fn, *args))


async def mark(app: Application, fn: Callable[..., T], *args: Any) -> T:
    """`fn(marks_store, *args)` on the marks' thread, with its own connection."""
    executor, store = app.bot_data[MARKS]
    return await asyncio.get_running_loop().run_in_executor(executor, functools.partial(fn, store, *args))


async def close(app: Application, store: Store) -> None:
    """Close the store and the marks' connection on their threads, then stop the threads."""
    executor, twin = app.bot_data[MARKS]
    try:
        await call(app, store.close)
    finally:
        if twin is not store:
            await asyncio.get_running_loop().run_in_executor(executor, twin.close)
            executor.shutdown()
        app.bot_data[KEY].shutdown()
