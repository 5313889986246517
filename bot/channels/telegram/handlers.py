"""From Telegram to the core and back: an Update becomes an `Event`, the `Reply`s become Bot
API calls. Telegram's ways live here: answering button presses, editing in place, splitting long
texts, blocked users, group chats, and the repeating reminder job."""
from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
from typing import Any, Awaitable, Callable, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import ContextTypes

from ...core import Advisor, Button, Event, Reply
from ...core.buttons import is_slow
from ...core.commands import command_name
from . import inbox, store_thread
from .limits import MAX_CAPTION, MAX_TEXT, MAX_TOAST, check_callback, split_message
from .users import CHANNEL, chat_of, user_key

log = logging.getLogger("quota_doctor.telegram")
T = TypeVar("T")

SLOW_COMMANDS = ("plan", "mydata", "progress")  # a typing indicator while these replies are prepared
ANSWER_WITHIN = 5.0        # seconds: a press is answered by then even if its reply is not ready
REMINDERS_PER_SECOND = 10  # a third of Telegram's 30 messages a second: the rest for people waiting


# -- from Telegram to the core ---------------------------------------------------------------
def _advisor(context: ContextTypes.DEFAULT_TYPE) -> Advisor:
    return context.application.bot_data["advisor"]


async def _core(context: ContextTypes.DEFAULT_TYPE, call: Callable[..., T], *args: Any) -> T:
    """A call of the core, on the store's own thread (store_thread)."""
    return await store_thread.call(context.application, call, *args)


async def _handle(update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event) -> inbox.Answer:
    """The replies to an update (a replayed update already handled is not handled again: see
    inbox.answer_once)."""
    return await _core(context, inbox.answer_once, _advisor(context), update.update_id, event)


def _event(update: Update, kind: str, value: str = "") -> Event:
    user = update.effective_user
    chat = update.effective_chat
    return Event(user_key(user.id), kind, value, user.language_code,
                 private=chat is None or chat.type == chat.PRIVATE)


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = update.effective_message.text or ""
    name = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
    event = _event(update, "command", text[1:])  # the name, and a deep link's payload after it
    if command_name(name) in SLOW_COMMANDS and event.private:
        await _typing(update, context)
    replies, sent, kept = await _handle(update, context, event)
    if not event.private and replies:  # a group: point to a private chat
        advisor = _advisor(context)
        label = advisor.k.text("btn_private_chat", advisor.language_of(event.lang))
        link = Button(label, url=f"https://t.me/{context.bot.username}")
        replies[-1] = dataclasses.replace(replies[-1], buttons=((link,),))
    await _deliver(update, context, inbox.Answer(replies, sent, kept))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    kind = "forwarded" if message.forward_origin is not None else "text"  # someone else's words
    await _deliver(update, context, await _handle(update, context, _event(update, kind, message.text)))


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    caption = update.effective_message.caption  # a photo or document with words: the shield reads them
    event = _event(update, "forwarded", caption) if caption and caption.strip() else _event(update, "other")
    await _deliver(update, context, await _handle(update, context, event))


async def on_edited_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message: taken when it corrects an amount the bot is waiting for, else ignored."""
    message = update.effective_message
    await _deliver(update, context, await _handle(update, context, _event(update, "edited", message.text or "")))


async def on_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Blocked (kicked) or unblocked in a private chat: the user is marked at once, so no
    reminder goes to someone who blocked the bot."""
    change = update.my_chat_member
    if change is None or change.chat.type != change.chat.PRIVATE:
        return
    status = change.new_chat_member.status
    await _core(context, _advisor(context).set_reachable, user_key(change.chat.id), status not in ("kicked", "left"))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = query.data or ""
    slow = query.message is not None and is_slow(data)
    if slow:  # answer the press at once, show "typing" while the reply is prepared
        await _answer(query, None)  # a press from while the bot was down is too old: the reply still comes
        await _typing(update, context)
    replying = asyncio.ensure_future(_handle(update, context, _event(update, "button", data)))
    if not slow:
        done, _ = await asyncio.wait({replying}, timeout=ANSWER_WITHIN)
        if not done:  # the store is slow (a lock): stop the spinner before Telegram gives up on it
            await _answer(query, None)
            slow = True
    await _deliver(update, context, await replying, answered=slow)


async def _typing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_chat is not None:
        await context.bot.send_chat_action(update.effective_chat.id, ChatAction.TYPING)


# -- from the core to Telegram ---------------------------------------------------------------
def _keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(b.label, url=b.url) if b.url
         else InlineKeyboardButton(b.label, callback_data=check_callback(b.data))
         for b in row] for row in reply.buttons])


async def _deliver(update: Update, context: ContextTypes.DEFAULT_TYPE, answer: inbox.Answer,
                   answered: bool = False) -> None:
    """Answer the button press (Telegram shows a spinner until then) while the replies are
    sent: the two calls overlap, so a step costs one round trip to Telegram, not two. The
    replies that reached the user before a restart are not sent again; each one sent now is
    marked in the inbox."""
    replies, sent = answer.replies, answer.sent
    query = update.callback_query
    answering = None
    if query is not None and not answered:
        toast = next((r.toast for r in replies if r.toast), None)
        answering = asyncio.ensure_future(_answer(query, toast[:MAX_TOAST] if toast else None))
    chat = update.effective_chat
    try:
        if chat is not None:
            for count, reply in enumerate(replies[sent:], start=sent + 1):
                await _send(context, chat.id, reply, query, mark=functools.partial(
                    inbox.reply_sent, context.application, update.update_id, count) if answer.kept else None)
    except Forbidden:
        await _core(context, _advisor(context).user_unreachable, user_key(update.effective_user.id))
        log.info("user %s blocked the bot; marked inactive", update.effective_user.id)
    finally:
        if answering is not None:
            await answering


async def _answer(query, text: str | None) -> None:
    """Stop the button's spinner. When that fails (a press queued while the bot was down is
    "too old" to answer) the reply has been delivered anyway: note it, tell nobody."""
    try:
        await query.answer(text=text)
    except (BadRequest, NetworkError) as exc:  # TimedOut is a NetworkError
        log.info("could not answer a button press: %s", exc)


async def _send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply, query=None,
                mark: Callable[[], Awaitable[None]] | None = None) -> None:
    """One reply: a photo, a document, or text (in several messages when over Telegram's limit,
    the buttons under the last; only the first may replace the pressed message). `mark()` is
    awaited the moment Telegram has taken it (its last part), before anything else."""
    mark = mark or (lambda: asyncio.sleep(0))  # nothing to mark
    if reply.photo is None and reply.document is None and len(reply.text) > MAX_TEXT:
        parts = split_message(reply.text)
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            await _send(context, chat_id, dataclasses.replace(
                reply, text=part, buttons=reply.buttons if last else (), edit=reply.edit and i == 0), query,
                mark=mark if last else None)
        return
    markup = _keyboard(reply)
    if reply.photo is not None:
        await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
        sent = await context.bot.send_photo(chat_id, InputFile(reply.photo.content, filename=reply.photo.filename),
                                            caption=reply.text[:MAX_CAPTION],
                                            reply_markup=markup)
        await mark()
        await _shown(context, chat_id, sent.message_id, markup is not None)
        return
    if reply.document is not None:
        caption = reply.text if len(reply.text) <= MAX_CAPTION else None
        if caption is None:
            await context.bot.send_message(chat_id, reply.text)
        sent = await context.bot.send_document(chat_id, InputFile(reply.document.content, filename=reply.document.filename),
                                               caption=caption, reply_markup=markup)
        await mark()
        await _shown(context, chat_id, sent.message_id, markup is not None)
        return
    if (reply.edit and query is not None and query.message is not None
            and _newest(context).get(chat_id, query.message.message_id) == query.message.message_id):
        # only the newest message is edited: an older copy of a question (shown again after a
        # free-text question, say) would turn into the next question above the newer ones
        try:
            await query.edit_message_text(reply.text, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                await mark()
                return
            if "message to edit not found" not in str(exc).lower() and "can't be edited" not in str(exc).lower():
                raise
        else:
            await mark()
            await _shown(context, chat_id, query.message.message_id, markup is not None, edited=True)
            return
    sent = await context.bot.send_message(chat_id, reply.text, reply_markup=markup)
    await mark()
    await _shown(context, chat_id, sent.message_id, markup is not None)


def _newest(context: ContextTypes.DEFAULT_TYPE) -> dict[int, int]:
    """chat id → the newest message the bot sent there (in memory: after a restart the pressed
    message is taken as the newest)."""
    return context.application.bot_data.setdefault("newest", {})


async def _shown(context: ContextTypes.DEFAULT_TYPE, chat_id: int, message_id: int, buttons: bool,
                 edited: bool = False) -> None:
    """Keep one message with live buttons in a chat, the newest: when a message with buttons
    is sent, those of the one before are taken away (a press there would answer an old
    question). In memory, like `_newest`: after a restart, one older message may keep its own."""
    if not edited:
        _newest(context)[chat_id] = message_id
    live: dict[int, int] = context.application.bot_data.setdefault("live_buttons", {})
    before = live.get(chat_id)
    if buttons:
        live[chat_id] = message_id
    elif before == message_id:
        del live[chat_id]
    if buttons and before is not None and before != message_id:
        try:
            await context.bot.edit_message_reply_markup(chat_id, before, reply_markup=None)
        except BadRequest as exc:  # gone, or already without buttons: nothing to take away
            log.info("could not take the buttons off an older message: %s", exc)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the update id and the error; tell the user their answers are kept. No traceback
    reaches the user, and the token never reaches the log (see logs.TokenFormatter)."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, Forbidden) and isinstance(update, Update) and update.effective_user:
        await _core(context, _advisor(context).user_unreachable, user_key(update.effective_user.id))
        log.info("update %s: user blocked the bot; marked inactive", update_id)
        return
    if isinstance(error, RetryAfter):
        log.warning("update %s: flood limit, retry after %s", update_id, error.retry_after)
    else:
        log.error("update %s failed: %s: %s", update_id, type(error).__name__, error, exc_info=error)
    if isinstance(update, Update) and update.effective_chat and update.effective_user:
        if update.callback_query is not None:
            try:
                await update.callback_query.answer()
            except Exception:  # noqa: BLE001 - already answered or too old; nothing more to do
                pass
        reply = await _core(context, _advisor(context).error_reply, user_key(update.effective_user.id),
                            update.effective_user.language_code, error)
        try:
            await context.bot.send_message(update.effective_chat.id, reply.text)
        except Exception as exc:  # noqa: BLE001 - the apology itself failed; it is logged, not raised
            log.warning("update %s: could not tell the user about the error: %s", update_id, type(exc).__name__)


async def send_due_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The repeating job: send every reminder that is due, each reported back as delivered or
    failed (transient failures are retried later, a crash leaves the claim to expire: at least
    once). One failure never stops the others. Reminders yield to people waiting for an answer:
    at most REMINDERS_PER_SECOND, under Telegram's limit the interactive replies share."""
    advisor = _advisor(context)
    for due in await _core(context, advisor.claim_reminders, CHANNEL):
        chat = chat_of(due.user)
        try:
            for i, reply in enumerate(due.replies, start=1):
                await _send(context, chat, reply, mark=functools.partial(inbox.reminder_taken, context.application, due.id)
                            if i == len(due.replies) else None)
        except Forbidden:
            await _core(context, advisor.user_unreachable, due.user)
            await _core(context, advisor.reminder_failed, due.id, True)
            log.info("user %s blocked the bot; reminders stopped", chat)
        except RetryAfter as exc:
            wait = exc.retry_after.total_seconds() if hasattr(exc.retry_after, "total_seconds") else exc.retry_after
            await _core(context, advisor.reminder_failed, due.id, False, float(wait))
            log.warning("reminder %s to %s postponed by flood control (%s s)", due.id, chat, wait)
        except BadRequest as exc:  # chat not found, and the like: trying again would not help
            await _core(context, advisor.reminder_failed, due.id, True)
            log.warning("reminder %s to %s given up: %s", due.id, chat, exc)
        except NetworkError as exc:  # TimedOut included: tried again later
            await _core(context, advisor.reminder_failed, due.id)
            log.warning("reminder %s to %s will be tried again: %s", due.id, chat, type(exc).__name__)
        else:
            await _core(context, advisor.reminder_delivered, due.id)
        await asyncio.sleep(1 / REMINDERS_PER_SECOND)
