"""Nothing in flight is lost (#18): each update is written to the store's inbox before Telegram
is told it arrived, handled from there, and marked handled when the bot has answered it. At
start the ones a crash left unhandled are handled first; one Telegram delivers again is
recognised by its id and handled once."""
from __future__ import annotations

import json
import logging
from datetime import timedelta

from telegram import Update
from telegram.ext import Application

from ...store import StorageError
from . import store_thread
from .handlers import user_key

log = logging.getLogger("quota_doctor.telegram")
KEEP_IDS = timedelta(hours=1)  # how long a handled update's id is kept to recognise it again


def _user_key(update: dict) -> str | None:
    """Whose update it is, from its JSON (so /forget deletes it with the rest)."""
    for kind in ("message", "edited_message", "callback_query", "my_chat_member"):
        sender = (update.get(kind) or {}).get("from") or {}
        if isinstance(sender.get("id"), int):
            return user_key(sender["id"])
    return None


async def keep(app: Application, updates: list[dict]) -> list[dict]:
    """Write the updates to the inbox; return them with each one already kept (delivered twice)
    replaced by its bare id, which nobody handles and which moves the offset on."""
    store = app.bot_data["advisor"].store
    rows = [(u["update_id"], _user_key(u), json.dumps(u, ensure_ascii=False)) for u in updates if len(u) > 1]
    try:
        new = await store_thread.call(app, store.keep_updates, rows) if rows else set()
    except StorageError as exc:  # a lock held too long, a full disk: serve them all the same, uncopied
        log.warning("the inbox could not keep updates %s-%s (%s): they are handled without a copy",
                    updates[0]["update_id"], updates[-1]["update_id"], type(exc).__name__)
        return updates
    out = []
    for u in updates:
        if len(u) > 1 and u["update_id"] not in new:
            log.info("update %s was delivered again; handled once", u["update_id"])
            out.append({"update_id": u["update_id"]})
        else:
            out.append(u)
    return out


async def replay(app: Application) -> int:
    """Put the updates a crash left unhandled in the queue, oldest first (before polling or
    the webhook brings new ones)."""
    bodies = await store_thread.call(app, app.bot_data["advisor"].store.pending_updates)
    for body in bodies:
        await app.update_queue.put(Update.de_json(json.loads(body), app.bot))
    if bodies:
        log.info("%s update(s) left unhandled by the last run are handled now", len(bodies))
    return len(bodies)


async def handled(app: Application, update: object) -> None:
    if isinstance(update, Update):
        try:
            await store_thread.call(app, app.bot_data["advisor"].store.update_handled, update.update_id)
        except StorageError as exc:  # it stays pending: handled again after a restart, at worst
            log.warning("update %s answered but not marked so (%s)", update.update_id, type(exc).__name__)


async def prune(app: Application) -> None:
    try:
        await store_thread.call(app, app.bot_data["advisor"].store.prune_inbox, KEEP_IDS)
    except StorageError as exc:
        log.warning("the inbox could not be pruned (%s); next time", type(exc).__name__)
