"""The Telegram front end: turns Updates into advisor events and replies into Bot API calls.

The only module that imports `telegram`. Everything the user can do is decided by the
conversation core (`advisor.py`); this module only translates, and deals with Telegram's
ways: callback answers, editing in place, flood limits, blocked users, group chats.
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import re
import secrets
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import aiohttp
from telegram import (BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, RequestData
from telegram.ext import (AIORateLimiter, Application, BaseUpdateProcessor, CallbackQueryHandler,
                          ContextTypes, MessageHandler, filters)

from .advisor import COMMANDS, Advisor, language_of
from .messages import Button, Event, Reply
from .store import Store

log = logging.getLogger("quota_doctor.telegram")

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
TOKEN_PATTERN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
MAX_CAPTION = 1024
REMINDER_SCAN_SECONDS = 60
TELEGRAM_RATE = 30                       # messages a second Telegram accepts from a bot, all chats together
SLOW_BUTTONS = ("fin:",)                 # a typing indicator while these replies are prepared
SLOW_COMMANDS = ("plan", "mydata", "progress")


class BadSettings(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    token: str
    base_url: str = DEFAULT_BASE_URL
    db_path: str | None = None
    max_rate: int = TELEGRAM_RATE

    @classmethod
    def from_env(cls) -> "Settings":
        token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise BadSettings("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and put it "
                              "in the environment or in .env (see .env.example)")
        if not TOKEN_PATTERN.match(token):
            raise BadSettings("TELEGRAM_BOT_TOKEN is malformed: a token looks like 123456789:AAE... "
                              "(digits, a colon, then 30 or more letters, digits, - or _)")
        base_url = os.environ.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL
        if urlparse(base_url).scheme not in ("http", "https"):
            raise BadSettings(f"TELEGRAM_BASE_URL must be an http(s) URL such as {DEFAULT_BASE_URL}")
        rate = os.environ.get("QUOTA_DOCTOR_MAX_RATE", "").strip() or str(TELEGRAM_RATE)
        if not (rate.isascii() and rate.isdecimal()):
            raise BadSettings("QUOTA_DOCTOR_MAX_RATE must be a whole number of messages a second "
                              f"(default {TELEGRAM_RATE}, Telegram's limit; 0 = no limit, for a local test API)")
        return cls(token=token, base_url=base_url, db_path=os.environ.get("QUOTA_DOCTOR_DB") or None,
                   max_rate=int(rate))


class TokenFilter(logging.Filter):
    """Replaces the bot token in every log record, wherever a library put it."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        if record.exc_info and record.exc_info[1] is not None and self.token in str(record.exc_info[1]):
            record.exc_text = None
            record.msg = f"{record.msg} ({type(record.exc_info[1]).__name__})"
            record.exc_info = None
        return True


def configure_logging(token: str, level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # httpx logs every URL, token included
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(TokenFilter(token))


class AiohttpRequest(BaseRequest):
    """The Bot API transport on aiohttp: the same contract as python-telegram-bot's default
    HTTPXRequest (form fields, multipart uploads, TimedOut and NetworkError), at a fraction of
    its CPU per call, which is most of a step's CPU (README, Benchmarks). Proxies come from the
    usual environment variables (HTTPS_PROXY ...). aiohttp has no write timeout: an upload is
    bounded by `upload_timeout` as a whole instead."""

    def __init__(self, pool_size: int = 256, connect_timeout: float = 5.0, read_timeout: float = 5.0,
                 upload_timeout: float = 60.0):
        self._pool_size = pool_size
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._upload_timeout = upload_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str] = {}
        self._proxy_for: dict[tuple[str, str], str | None] = {}

    def _proxy(self, url: str) -> str | None:
        """The proxy for `url` from HTTPS_PROXY/HTTP_PROXY/NO_PROXY (looked up once a host)."""
        parts = urlparse(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxy_for:
            bypass = not self._proxies or urllib.request.proxy_bypass(key[1])
            proxy = None if bypass else self._proxies.get(key[0]) or self._proxies.get("all")
            if proxy and urlparse(proxy).scheme not in ("http", "https"):
                raise ValueError(f"the proxy for {key[0]} is {urlparse(proxy).scheme}://...: the bot "
                                 "supports http(s) proxies only (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY)")
            self._proxy_for[key] = proxy
        return self._proxy_for[key]

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # The proxy is read from the environment once, here: aiohttp's trust_env would read
            # the environment and ~/.netrc again on every request, in a thread (measured: a third
            # of the bot's CPU).
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size), trust_env=False,
                headers={"User-Agent": self.USER_AGENT})
            self._proxies = urllib.request.getproxies()
            self._proxy_for = {}

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=BaseRequest.DEFAULT_NONE, write_timeout=BaseRequest.DEFAULT_NONE,
                         connect_timeout=BaseRequest.DEFAULT_NONE, pool_timeout=BaseRequest.DEFAULT_NONE,
                         ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        default = BaseRequest.DEFAULT_NONE
        read = self._read_timeout if read_timeout is default else read_timeout
        connect = self._connect_timeout if connect_timeout is default else connect_timeout
        pool = 1.0 if pool_timeout is default else pool_timeout
        fields = request_data.json_parameters if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else None
        if files:
            data: Any = aiohttp.FormData(fields)
            for name, (filename, content, mimetype) in files.items():
                data.add_field(name, content, filename=filename, content_type=mimetype)
        else:
            data = fields  # sent as application/x-www-form-urlencoded, as HTTPXRequest does
        timeout = aiohttp.ClientTimeout(
            total=self._upload_timeout if files else None,
            connect=None if connect is None or pool is None else connect + pool,  # a pooled connection, or a new one
            sock_connect=connect, sock_read=read)
        try:
            async with self._session.request(method, url, data=data, timeout=timeout,
                                             proxy=self._proxy(url)) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


class PerUserProcessor(BaseUpdateProcessor):
    """Processes updates of different users concurrently and those of one user in order."""

    def __init__(self, max_concurrent_updates: int = 256):
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine) -> None:
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


# -- from Telegram to the core ---------------------------------------------------------------
def _advisor(context: ContextTypes.DEFAULT_TYPE) -> Advisor:
    return context.application.bot_data["advisor"]


def _event(update: Update, kind: str, value: str = "") -> Event:
    user = update.effective_user
    chat = update.effective_chat
    return Event(user.id, kind, value, user.language_code,
                 private=chat is None or chat.type == chat.PRIVATE)


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = update.effective_message.text or ""
    name = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
    event = _event(update, "command", name)
    if name.split("@")[0].lower() in SLOW_COMMANDS and event.private:
        await _typing(update, context)
    replies = _advisor(context).handle(event)
    if not event.private and replies:  # a group: point to a private chat
        label = _advisor(context).k.text("btn_private_chat", language_of(event.lang))
        link = Button(label, url=f"https://t.me/{context.bot.username}")
        replies[-1] = dataclasses.replace(replies[-1], buttons=((link,),))
    await _deliver(update, context, replies)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _deliver(update, context, _advisor(context).handle(_event(update, "text", update.effective_message.text)))


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _deliver(update, context, _advisor(context).handle(_event(update, "other")))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = query.data or ""
    slow = query.message is not None and data.startswith(SLOW_BUTTONS)
    if slow:  # answer the press at once, show "typing" while the reply is prepared
        await query.answer()
        await _typing(update, context)
    await _deliver(update, context, _advisor(context).handle(_event(update, "button", data)), answered=slow)


async def _typing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_chat is not None:
        await context.bot.send_chat_action(update.effective_chat.id, ChatAction.TYPING)


# -- from the core to Telegram ---------------------------------------------------------------
def _keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(b.label, url=b.url) if b.url else InlineKeyboardButton(b.label, callback_data=b.data)
         for b in row] for row in reply.buttons])


async def _deliver(update: Update, context: ContextTypes.DEFAULT_TYPE, replies: list[Reply],
                   answered: bool = False) -> None:
    """Answer the button press (Telegram shows a spinner until then) while the replies are
    sent: the two calls overlap, so a step costs one round trip to Telegram, not two."""
    query = update.callback_query
    answering = None
    if query is not None and not answered:
        toast = next((r.toast for r in replies if r.toast), None)
        answering = asyncio.ensure_future(_answer(query, toast[:200] if toast else None))
    chat = update.effective_chat
    try:
        if chat is not None:
            for reply in replies:
                await _send(context, chat.id, reply, query)
    except Forbidden:
        _advisor(context).user_unreachable(update.effective_user.id)
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


async def _send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply, query=None) -> None:
    markup = _keyboard(reply)
    if reply.photo is not None:
        await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
        sent = await context.bot.send_photo(chat_id, InputFile(reply.photo.content, filename=reply.photo.filename),
                                            caption=reply.text[:MAX_CAPTION], parse_mode=ParseMode.HTML,
                                            reply_markup=markup)
        _newest(context)[chat_id] = sent.message_id
        return
    if reply.document is not None:
        caption = reply.text if len(reply.text) <= MAX_CAPTION else None
        if caption is None:
            await context.bot.send_message(chat_id, reply.text, parse_mode=ParseMode.HTML)
        sent = await context.bot.send_document(chat_id, InputFile(reply.document.content, filename=reply.document.filename),
                                               caption=caption, parse_mode=ParseMode.HTML, reply_markup=markup)
        _newest(context)[chat_id] = sent.message_id
        return
    if (reply.edit and query is not None and query.message is not None
            and _newest(context).get(chat_id, query.message.message_id) == query.message.message_id):
        # only the newest message is edited: an older copy of a question (shown again after a
        # free-text question, say) would turn into the next question above the newer ones
        try:
            await query.edit_message_text(reply.text, parse_mode=ParseMode.HTML, reply_markup=markup)
            return
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return
            if "message to edit not found" not in str(exc).lower() and "can't be edited" not in str(exc).lower():
                raise
    sent = await context.bot.send_message(chat_id, reply.text, parse_mode=ParseMode.HTML, reply_markup=markup)
    _newest(context)[chat_id] = sent.message_id


def _newest(context: ContextTypes.DEFAULT_TYPE) -> dict[int, int]:
    """chat id → the newest message the bot sent there (in memory: after a restart the pressed
    message is taken as the newest)."""
    return context.application.bot_data.setdefault("newest", {})


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the update id and the error; tell the user their answers are kept. No traceback
    reaches the user, and the token never reaches the log (see TokenFilter)."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, Forbidden) and isinstance(update, Update) and update.effective_user:
        _advisor(context).user_unreachable(update.effective_user.id)
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
        reply = _advisor(context).error_reply(update.effective_user.id, update.effective_user.language_code)
        try:
            await context.bot.send_message(update.effective_chat.id, reply.text, parse_mode=ParseMode.HTML)
        except Exception as exc:  # noqa: BLE001 - the apology itself failed; it is logged, not raised
            log.warning("update %s: could not tell the user about the error: %s", update_id, type(exc).__name__)


# -- the application --------------------------------------------------------------------------
async def send_due_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The repeating job: send every reminder that is due (each was marked sent as it was
    taken, so a crash never sends one twice). A user who blocked the bot is marked inactive."""
    advisor = _advisor(context)
    for user_id, replies in advisor.due_reminders():
        try:
            for reply in replies:
                await _send(context, user_id, reply)
        except Forbidden:
            advisor.user_unreachable(user_id)
            log.info("user %s blocked the bot; reminders stopped", user_id)
        except RetryAfter as exc:
            log.warning("reminder to %s postponed by flood control (%s s)", user_id, exc.retry_after)


async def _post_init(app: Application) -> None:
    advisor: Advisor = app.bot_data["advisor"]
    for lang, code in (("en", None), ("zh", "zh")):
        commands = [BotCommand(name, advisor.k.text(f"cmd_{name}", lang)) for name in COMMANDS]
        await app.bot.set_my_commands(commands, language_code=code)
    me = app.bot.username
    log.info("started as @%s", me)


async def _post_shutdown(app: Application) -> None:
    app.bot_data["advisor"].store.close()


def build_application(settings: Settings, **builder_options: Any) -> Application:
    """The bot, as `quota-doctor run` starts it. `builder_options` name extra ApplicationBuilder
    settings (not timeouts, pool or proxy: the bot brings its own transport, AiohttpRequest)."""
    builder = (Application.builder().token(settings.token).base_url(settings.base_url)
               .request(AiohttpRequest()).get_updates_request(AiohttpRequest(pool_size=1))
               .concurrent_updates(PerUserProcessor())
               .rate_limiter(AIORateLimiter(overall_max_rate=settings.max_rate, max_retries=3))
               .post_init(_post_init).post_shutdown(_post_shutdown))
    for name, value in builder_options.items():
        builder = getattr(builder, name)(value)
    app = builder.build()
    app.bot_data["advisor"] = Advisor(Store(settings.db_path))
    private, new = filters.ChatType.PRIVATE, filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(filters.COMMAND & new, on_command))
    app.add_handler(MessageHandler(filters.TEXT & private & new, on_text))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(private & new & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_other))
    app.add_error_handler(on_error)
    app.job_queue.run_repeating(send_due_reminders, interval=REMINDER_SCAN_SECONDS, first=5,
                                name="reminders")
    return app


def run(settings: Settings, webhook_url: str | None = None, listen: str = "0.0.0.0", port: int = 8443,
        secret_token: str | None = None) -> None:
    """Run until stopped: long polling, or a webhook when `webhook_url` is given."""
    configure_logging(settings.token)
    app = build_application(settings)
    if webhook_url is None:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
        return
    path = urlparse(webhook_url).path.lstrip("/")
    app.run_webhook(listen=listen, port=port, url_path=path, webhook_url=webhook_url,
                    secret_token=secret_token or secrets.token_urlsafe(32),
                    allowed_updates=Update.ALL_TYPES)
