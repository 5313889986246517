"""Nothing in flight is lost (#18): each update is written to the store's inbox before Telegram
is told it arrived, handled from there, and marked handled when the bot has answered it. At
start the ones a crash left unhandled are handled first; one Telegram delivers again is
recognised by its id and handled once.

Handled once, answered once: the replies an update produced are kept with it, in the same call
of the store's thread as the handling, and counted as each reaches Telegram (on the marks'
thread, at once). A replay of an update already handled sends the replies not yet counted
instead of handling it again (which would answer "already noted"). What no restart can tell is
whether Telegram took the one message whose mark a crash cut off: that one is sent again."""
from __future__ import annotations

import base64
import json
import logging
from datetime import timedelta
from typing import NamedTuple

from telegram import Update
from telegram.ext import Application

from ...core import Advisor, Button, Event, Reply
from ...core.events import Document
from ...store import StorageError, Store
from ...store.clock import now
from . import store_thread
from .users import user_key

log = logging.getLogger("quota_doctor.telegram")
KEEP_IDS = timedelta(hours=1)  # how long a handled update's id is kept to recognise it again


def _user_key(update: dict) -> str | None:
    """Whose update it is, from its JSON (so /forget deletes it with the rest)."""
    for kind in ("message", "edited_message", "callback_query", "my_chat_member"):
        sender = (update.get(kind) or {}).get("from") or {}
        if isinstance(sender.get("id"), int):
            return user_key(sender["id"])
    return None


# -- the replies kept with their update ----------------------------------------------------
def _document(doc: Document | None) -> dict | None:
    return None if doc is None else {"filename": doc.filename, "content": base64.b64encode(doc.content).decode()}


def _undocument(doc: dict | None) -> Document | None:
    return None if doc is None else Document(doc["filename"], base64.b64decode(doc["content"]))


def _json(value) -> str:
    """JSON as the inbox keeps it: readable, unless a text holds half an emoji (a lone surrogate,
    which Telegram's JSON can carry and UTF-8 cannot): then escaped, which stores and reads back."""
    kept = json.dumps(value, ensure_ascii=False)
    try:
        kept.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return kept


def encode(replies: list[Reply]) -> str:
    return _json([{"text": r.text, "edit": r.edit, "toast": r.toast,
                   "buttons": [[[b.label, b.data, b.url] for b in row] for row in r.buttons],
                   "document": _document(r.document), "photo": _document(r.photo)} for r in replies])


def decode(kept: str) -> list[Reply]:
    return [Reply(r["text"], tuple(tuple(Button(*b) for b in row) for row in r["buttons"]), r["edit"],
                  r["toast"], _undocument(r["document"]), _undocument(r["photo"])) for r in json.loads(kept)]


class Answer(NamedTuple):
    replies: list[Reply]
    sent: int     # how many of them reached the user before a restart
    kept: bool    # the update is in the inbox: each reply sent is marked there


def answer_once(advisor: Advisor, update_id: int, event: Event) -> Answer:
    """On the store's thread: the kept replies of an update a crash interrupted, else the
    core's, kept before any is sent (an update the inbox could not keep is just handled)."""
    try:
        kept = advisor.store.kept_replies(update_id)
    except StorageError:
        kept = None
    if kept is not None and kept[0] is not None:
        replies = decode(kept[0])
        log.info("update %s was handled before a restart: %s of its replies left to send",
                 update_id, len(replies) - kept[1])
        return Answer(replies, kept[1], True)
    replies = advisor.handle(event)
    if kept is None:
        return Answer(replies, 0, False)
    try:
        kept_now = advisor.store.keep_replies(update_id, encode(replies))
    except StorageError as exc:  # answered all the same; a crash now would handle it again
        log.warning("update %s: its replies could not be kept (%s)", update_id, type(exc).__name__)
        return Answer(replies, 0, False)
    return Answer(replies, 0, kept_now)  # not kept: /forget took its row with the rest


async def reminder_taken(app: Application, reminder_id: int) -> None:
    """Telegram took a reminder: marked at once (the core's bookkeeping follows on the store's
    thread; a restart in between finishes it without sending again)."""
    try:
        await store_thread.mark(app, Store.reminder_taken, reminder_id, now())
    except StorageError as exc:
        log.warning("reminder %s sent but not marked (%s)", reminder_id, type(exc).__name__)


async def reply_sent(app: Application, update_id: int, count: int) -> None:
    try:
        await store_thread.mark(app, Store.reply_sent, update_id, count)
    except StorageError as exc:
        log.warning("update %s: reply %s sent but not marked (%s)", update_id, count, type(exc).__name__)


async def keep(app: Application, updates: list[dict]) -> list[dict]:
    """Write the updates to the inbox; return them with each one already kept (delivered twice)
    replaced by its bare id, which nobody handles and which moves the offset on."""
    store = app.bot_data["advisor"].store
    rows = [(u["update_id"], _user_key(u), _json(u)) for u in updates if len(u) > 1]
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
    """Mark an update answered. A bare id (`keep` put it in place of a second delivery) is
    not: the first delivery may be replayed at this moment, and it is marked when answered."""
    if isinstance(update, Update) and len(update.to_dict()) > 1:
        try:
            await store_thread.mark(app, Store.update_handled, update.update_id)
        except StorageError as exc:  # it stays pending: handled again after a restart, at worst
            log.warning("update %s answered but not marked so (%s)", update.update_id, type(exc).__name__)


async def prune(app: Application) -> None:
    try:
        await store_thread.call(app, app.bot_data["advisor"].store.prune_inbox, KEEP_IDS)
    except StorageError as exc:
        log.warning("the inbox could not be pruned (%s); next time", type(exc).__name__)
