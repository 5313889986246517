"""getUpdates, made safe (#18). An update the library cannot read is skipped, not retried for
ever: one (a poll from a self-hosted Bot API server older than the library, say) would otherwise
stop the offset from moving, and nobody would be answered again. A refused token (401, 404) or a
second process polling with the same token (409) ends the process with one clear line, instead of
a retry loop that looks healthy."""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Awaitable, Callable

from telegram import Update
from telegram.request import RequestData

from .transport import AiohttpRequest

log = logging.getLogger("quota_doctor.telegram")

# what a status of getUpdates means when nothing will mend it by waiting
REFUSED = ("Telegram refused the bot token (401/404): it is wrong or was revoked (@BotFather gives the "
           "token), or TELEGRAM_BASE_URL does not end in /bot (like https://api.telegram.org/bot)")
FATAL = {
    401: REFUSED,
    404: REFUSED,
    409: "another process is using this bot token (409 Conflict: it polls, or a webhook is set): stop the other "
         "one, or run this one with --webhook-url instead; this process stops",
}
EMPTY = b'{"ok": true, "result": []}'
CONFLICTS_BEFORE_STOP = 5   # 409s in a row, CONFLICT_WAIT seconds apart, before the process stops
CONFLICT_WAIT = 3.0


def readable(updates: list) -> list:
    """The updates of a getUpdates result, each one the library cannot read replaced by its
    bare update id (an update nobody handles, so the offset moves past it), logged once
    without its content. An item without an update id is dropped."""
    kept = []
    for item in updates:
        update_id = item.get("update_id") if isinstance(item, dict) else None
        if not isinstance(update_id, int):
            log.warning("an update without an update id was dropped")
            continue
        try:
            Update.de_json(item, None)
            kept.append(item)
        except Exception as exc:  # noqa: BLE001 - whatever the library cannot read is skipped
            kinds = ", ".join(sorted(k for k in item if k != "update_id"))
            log.warning("update %s skipped: the library could not read it (%s; %s)",
                        update_id, kinds, type(exc).__name__)
            kept.append({"update_id": update_id})
    return kept


class UpdatesRequest(AiohttpRequest):
    """The transport of getUpdates: each update is checked before the library reads the batch;
    a fatal status is given to `on_fatal` (with what it means, once), and the library is told
    "no updates" so that it does not retry while the application stops."""

    on_fatal: Callable[[str], None] | None = None
    keep: Callable[[list[dict]], Awaitable[list[dict]]] | None = None  # the inbox (inbox.keep)
    _stopping = False
    _conflicts = 0

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         **timeouts) -> tuple[int, bytes]:
        status, body = await super().do_request(url, method, request_data, **timeouts)
        if not url.endswith("/getUpdates"):
            return status, body
        if status == 409 and not self._stopping and self._conflicts < CONFLICTS_BEFORE_STOP:
            # an earlier process's long poll may still be open at Telegram for a few seconds
            # after a restart: wait, and stop only if the conflict lasts
            self._conflicts += 1
            await asyncio.sleep(CONFLICT_WAIT)
            return 200, EMPTY
        if status in FATAL and self.on_fatal is not None:
            if not self._stopping:  # said once; the stopping library's last calls get the same
                self._stopping = True
                self.on_fatal(FATAL[status])
            return 200, EMPTY
        self._conflicts = 0
        if status != 200:
            return status, body
        try:
            payload = json.loads(body)
            result = payload["result"]
            if not isinstance(result, list):
                return status, body
        except (ValueError, KeyError, TypeError):
            return status, body  # not what it should be: the library says so
        kept = readable(result)
        if self.keep is not None and kept:
            kept = await self.keep(kept)  # written down before the next call moves the offset
        if kept == result:
            return status, body
        payload["result"] = kept
        return status, json.dumps(payload).encode()
