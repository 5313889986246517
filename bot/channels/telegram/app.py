"""The Telegram bot as `quota-doctor run` starts it: the python-telegram-bot Application, its
handlers registered in one place, start-up work (the command menu), and polling or a webhook."""
from __future__ import annotations

import asyncio
import functools
import logging
import secrets
import signal
from typing import Any
from urllib.parse import urlparse

from telegram import (BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats, LinkPreviewOptions,
                      Update)
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (AIORateLimiter, Application, CallbackQueryHandler, ChatMemberHandler, Defaults,
                          MessageHandler, filters)

from ...core import COMMANDS, GROUP_COMMANDS, Advisor
from ...core.rehearsal import rehearse
from ...kb import default
from ...settings import Settings
from ...store import Store
from .handlers import (on_button, on_chat_member, on_command, on_edited_text, on_error, on_other, on_text,
                       send_due_reminders)
from .logs import configure_logging, without_token
from . import inbox, store_thread, webhook
from .processor import PerUserProcessor
from .transport import AiohttpRequest
from .updates import REFUSED, UpdatesRequest

log = logging.getLogger("quota_doctor.telegram")

REMINDER_SCAN_SECONDS = 60
INBOX_PRUNE_SECONDS = 600
# the ApplicationBuilder's transport settings, which the builder refuses once a transport is
# given: build_application passes them to the bot's own (AiohttpRequest), as the builder would
TRANSPORT_OPTIONS = ("connection_pool_size", "read_timeout", "write_timeout", "connect_timeout", "pool_timeout",
                     "media_write_timeout", "proxy")
# as the builder's defaults: 256 connections for the bot's calls, one for getUpdates
TRANSPORT_DEFAULTS = {"connection_pool_size": 256}
UPDATES_DEFAULTS = {"connection_pool_size": 1}
# what the bot handles, and nothing else: messages, their edits (an amount corrected), button
# presses, and being blocked or unblocked
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]


async def _post_init(app: Application) -> None:
    """What a user sees before pressing START, in every language (the default also without a
    language code): the description and short description (not WeBank, never asks for money),
    the command menu of private chats, and the short one of groups (/start and /help only)."""
    advisor: Advisor = app.bot_data["advisor"]
    languages = advisor.k.languages
    private, groups = BotCommandScopeAllPrivateChats(), BotCommandScopeAllGroupChats()
    for lang in languages:
        # Telegram takes two-letter codes only: a zh-hant client is shown the zh menu (Simplified),
        # and zh-hant's texts are never converted here (OpenCC's dictionaries stay unloaded)
        codes = ([None] if lang.code == languages.default else []) + [
            c for c in lang.client_codes if lang.code != languages.default and len(c) == 2]
        if not codes:
            continue
        text = functools.partial(advisor.k.text, lang=lang.code)
        commands = [BotCommand(name, text(f"cmd_{name}")) for name in COMMANDS]
        group_commands = [c for c in commands if c.command in GROUP_COMMANDS]
        for code in codes:
            await app.bot.set_my_commands(commands, scope=private, language_code=code)
            await app.bot.set_my_commands(group_commands, scope=groups, language_code=code)
            await app.bot.set_my_description(text("bot_description"), language_code=code)
            await app.bot.set_my_short_description(text("bot_short_description"), language_code=code)
    await inbox.replay(app)
    log.info("started as @%s", app.bot.username)


async def _post_shutdown(app: Application) -> None:
    await store_thread.close(app, app.bot_data["advisor"].store)


def _transports(settings: Settings, options: dict[str, Any]) -> tuple[AiohttpRequest, UpdatesRequest]:
    """The transports of the bot's calls and of getUpdates, from the builder's settings in
    `options` (taken out of it: `read_timeout`, `get_updates_read_timeout`, `proxy`...) and the
    settings' proxy (HTTPS_PROXY, ALL_PROXY, NO_PROXY; SOCKS too)."""
    proxy = settings.proxy_for(settings.base_url)
    calls = {"proxy": proxy, **TRANSPORT_DEFAULTS}
    updates = {"proxy": proxy, **UPDATES_DEFAULTS}
    for name in TRANSPORT_OPTIONS:
        if name in options:
            calls[name] = options.pop(name)
        if f"get_updates_{name}" in options:
            updates[name] = options.pop(f"get_updates_{name}")
    return AiohttpRequest(**calls), UpdatesRequest(**updates)


def build_application(settings: Settings, **builder_options: Any) -> Application:
    """The bot. `builder_options` name extra ApplicationBuilder settings, the transport's
    (timeouts, pool, proxy) included: they go to the bot's transport, AiohttpRequest."""
    options = dict(builder_options)
    calls, updates = _transports(settings, options)
    processor = PerUserProcessor()
    builder = (Application.builder().token(settings.require_token()).base_url(settings.base_url)
               .request(calls).get_updates_request(updates)
               .concurrent_updates(processor)
               .rate_limiter(AIORateLimiter(overall_max_rate=settings.max_rate, max_retries=3))
               .defaults(Defaults(parse_mode=ParseMode.HTML,  # every page is Telegram-style HTML
                                  link_preview_options=LinkPreviewOptions(is_disabled=True)))
               .post_init(_post_init).post_shutdown(_post_shutdown))
    for name, value in options.items():
        builder = getattr(builder, name)(value)
    app = builder.build()
    updates.on_fatal = functools.partial(_stop, app)
    updates.keep = functools.partial(inbox.keep, app)
    processor.on_done = functools.partial(inbox.handled, app)
    app.bot_data["advisor"] = advisor = Advisor(Store(settings.db_path), default(), settings.tz)
    store_thread.start(app, advisor.store)  # every call of the core runs there, one at a time, off the event loop
    private, new = filters.ChatType.PRIVATE, filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(filters.COMMAND & new, on_command))
    app.add_handler(MessageHandler(filters.TEXT & private & new, on_text))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(private & new & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_other))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT & private & ~filters.COMMAND,
                                   on_edited_text))
    app.add_handler(ChatMemberHandler(on_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_error_handler(on_error)
    app.job_queue.run_repeating(send_due_reminders, interval=REMINDER_SCAN_SECONDS, first=5, name="reminders")
    app.job_queue.run_repeating(lambda context: inbox.prune(context.application), interval=INBOX_PRUNE_SECONDS,
                                first=INBOX_PRUNE_SECONDS, name="inbox")
    return app


class Stopped(Exception):
    """The bot cannot go on: the message says why, in one line, without the token."""


def run(settings: Settings, webhook_url: str | None = None, listen: str = "127.0.0.1", port: int = 8443) -> None:
    """Run until stopped: long polling, or a webhook when `webhook_url` is given. Raises Stopped
    when Telegram refuses the token (at start or later), when another process uses it, or when
    Telegram cannot be reached at start."""
    token = settings.require_token()
    configure_logging(token)
    app = build_application(settings)  # StoreUnavailable when the database cannot be opened
    advisor: Advisor = app.bot_data["advisor"]
    advisor.store.check()  # ...or is damaged: said before serving anyone
    failed = rehearse(advisor.k, settings.tz, advisor.renderer)  # the pages the bot will show, compiled once
    if failed:
        raise Stopped("a page cannot be shown, so users would get no answer: " + "; ".join(failed)
                      + " (quota-doctor check says more)")
    try:
        asyncio.run(_preflight(app))  # the token, asked once before the library's retry loops
        if webhook_url is None:
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
        else:
            asyncio.run(_run_webhook(app, webhook_url, listen, port,
                                     settings.webhook_secret or secrets.token_urlsafe(32)))
    except InvalidToken:
        raise Stopped(REFUSED) from None
    except TelegramError as exc:  # at start: Telegram could not be reached, or said no
        raise Stopped(f"could not start: {without_token(f'{type(exc).__name__}: {exc}', token)}") from None
    if "stopped" in app.bot_data:
        raise Stopped(app.bot_data["stopped"])


async def _run_webhook(app: Application, url: str, listen: str, port: int, secret: str) -> None:
    """The webhook's life, as run_polling's: start, set the webhook, serve until SIGTERM or
    SIGINT, then stop taking requests, handle what was taken, and close."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    app.bot_data["stop_event"] = stop
    await app.initialize()
    try:
        await _post_init(app)
        await app.start()
        await app.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        await webhook.serve(app, listen, port, urlparse(url).path, secret, stop)
    finally:
        if app.running:
            await app.stop()  # what was taken is handled first
        await app.shutdown()
        await _post_shutdown(app)


async def _preflight(app: Application) -> None:
    """getMe, once: a refused token is an InvalidToken here, said in one line by run()."""
    try:
        await app.bot.initialize()
    finally:
        await app.bot.shutdown()


def _stop(app: Application, reason: str) -> None:
    """Stop the application for good (run() then raises Stopped with `reason`)."""
    app.bot_data["stopped"] = reason
    if "stop_event" in app.bot_data:  # the webhook server
        app.bot_data["stop_event"].set()
    else:
        app.stop_running()
