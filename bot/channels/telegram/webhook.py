"""The webhook server (#18), on aiohttp.web rather than the library's tornado server: the secret
is checked before the body is read, a body is at most MAX_BODY bytes, a connection idle for
IDLE_SECONDS is closed (a request not yet sent included), refusals are logged once a minute at
most, and an update is in the inbox before Telegram gets its 200 (so a crash loses nothing)."""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections import Counter

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from . import inbox
from .updates import readable

log = logging.getLogger("quota_doctor.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20        # an update is a few KB; Telegram's largest are far below this
IDLE_SECONDS = 10         # a connection that sends nothing for this long is closed
REFUSALS_LOGGED_EVERY = 60.0


class Refusals:
    """Refused requests, counted: the first of a burst logged at once, the rest once a minute."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.logged_at = -REFUSALS_LOGGED_EVERY

    def add(self, why: str) -> None:
        self.counts[why] += 1
        now = time.monotonic()
        if now - self.logged_at >= REFUSALS_LOGGED_EVERY:
            summary = ", ".join(f"{n} {reason}" for reason, n in sorted(self.counts.items()))
            log.warning("webhook requests refused since the last note: %s", summary)
            self.counts.clear()
            self.logged_at = now


def make_app(app: Application, path: str, secret: str) -> web.Application:
    refusals = Refusals()

    async def receive(request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), secret.encode()):
            refusals.add("without the secret")
            return web.Response(status=403)  # the body is never read
        if request.content_length is None or request.content_length > MAX_BODY:
            refusals.add("too large or of no stated length")
            return web.Response(status=413)
        try:
            update = json.loads(await request.read())
        except (ValueError, web.HTTPRequestEntityTooLarge):
            refusals.add("not JSON")
            return web.Response(status=400)
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            refusals.add("not an update")
            return web.Response(status=400)
        kept = (await inbox.keep(app, readable([update])))[0]  # in the inbox before the 200
        if len(kept) > 1:
            await app.update_queue.put(Update.de_json(kept, app.bot))
        return web.Response(status=200)

    server = web.Application(client_max_size=MAX_BODY)
    server.router.add_post("/" + path.lstrip("/"), receive)
    return server


async def serve(app: Application, listen: str, port: int, path: str, secret: str, stop: asyncio.Event) -> None:
    """Serve until `stop` is set, then stop taking requests (what was taken is handled)."""
    runner = web.AppRunner(make_app(app, path, secret), keepalive_timeout=IDLE_SECONDS, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, listen, port).start()
    log.info("webhook server listening on %s:%s", listen, port)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
