"""Per-user ordering: updates of different users are handled concurrently, those of one user in
the order they came."""
from __future__ import annotations

import asyncio
from typing import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerUserProcessor(BaseUpdateProcessor):
    """Processes updates of different users concurrently and those of one user in order;
    `on_done(update)` is awaited after each (the inbox marks it handled)."""

    def __init__(self, max_concurrent_updates: int = 256):
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self.on_done: Callable[[object], Awaitable[None]] | None = None

    async def do_process_update(self, update: object, coroutine) -> None:
        await self._in_order(update, coroutine)
        if self.on_done is not None:
            await self.on_done(update)

    async def _in_order(self, update: object, coroutine) -> None:
        user = update.effective_user if isinstance(update, Update) else None
        if user is None:
            await coroutine
            return
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        self._waiting[user.id] = self._waiting.get(user.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[user.id] -= 1
            if not self._waiting[user.id]:
                del self._waiting[user.id]
                del self._locks[user.id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


