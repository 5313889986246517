"""A fake Telegram Bot API on 127.0.0.1 that checks Telegram's rules on every call.

The bot under test reaches it through TELEGRAM_BASE_URL, exactly as it would reach a
self-hosted Bot API server. Tests (and bench/load.py) play users: they queue updates
(`send_text`, `press`, ...) that the bot fetches with getUpdates, and read what the bot did
(`messages`, `calls`). A call that breaks a rule is refused with 400 as Telegram would, and
recorded in `violations`. Faults (429, 502, 403) can be injected.
"""
from __future__ import annotations

import email.parser
import email.policy
import html
import itertools
import json
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}
JSON_FIELDS = {"chat_id", "message_id", "reply_markup", "offset", "timeout", "limit",
               "allowed_updates", "commands", "show_alert", "cache_time", "scope",
               "disable_web_page_preview", "link_preview_options", "drop_pending_updates",
               "max_connections", "reply_parameters", "disable_notification", "protect_content"}


class _HtmlCheck(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"Can't parse entities: unsupported start tag \"{tag}\"")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"Can't parse entities: unexpected end tag \"{tag}\"")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)

    def handle_entityref(self, name):
        if name not in ("lt", "gt", "amp", "quot"):
            self.errors.append(f"Can't parse entities: unsupported entity \"&{name};\"")
        self.text.append(html.unescape(f"&{name};"))

    def handle_charref(self, name):
        self.text.append(html.unescape(f"&#{name};"))


def check_html(text: str) -> tuple[str, list[str]]:
    """(the text the user sees, Telegram's complaints) for HTML parse mode."""
    if re.search(r"&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)", text):
        return text, ["Can't parse entities: bare '&' (must be &amp;)"]
    if re.search(r"<(?![a-zA-Z/])", text):
        return text, ["Can't parse entities: bare '<' (must be &lt;)"]
    parser = _HtmlCheck()
    parser.feed(text)
    parser.close()
    errors = parser.errors + [f"Can't parse entities: can't find end tag corresponding to start tag \"{t}\""
                              for t in parser.stack]
    return "".join(parser.text), errors


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


@dataclass
class Fault:
    method: str
    status: int
    description: str
    times: int = 1
    retry_after: int | None = None
    chat_id: int | None = None


@dataclass
class Message:
    chat_id: int
    message_id: int
    text: str            # what the user sees (HTML parsed)
    html: str            # as sent
    buttons: list = field(default_factory=list)  # rows of {"text", "callback_data" | "url"}
    from_bot: bool = True
    document: str | None = None
    content: bytes | None = None
    edits: int = 0


class FakeBotAPI:
    """The fake server. `start()` returns the base URL to put in TELEGRAM_BASE_URL."""

    def __init__(self, token: str = "123456789:TEST-token_for_the_fake_bot_api_0001", delay: float = 0.0,
                 username: str = "QuotaDoctorTestBot"):
        self.token = token
        self.delay = delay
        self.username = username
        self.cond = threading.Condition()
        self.updates: list[dict] = []
        self.update_ids = itertools.count(1)
        self.message_ids = itertools.count(1000)
        self.query_ids = itertools.count(1)
        self.messages: dict[int, dict[int, Message]] = {}
        self.calls: list[tuple[float, str, dict]] = []
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.blocked: set[int] = set()
        self.queries: dict[str, dict] = {}
        self.commands: dict[str | None, list] = {}        # private chats (or the default scope), by language
        self.group_commands: dict[str | None, list] = {}  # the scope of group chats, by language
        self.descriptions: dict[str | None, str] = {}
        self.short_descriptions: dict[str | None, str] = {}
        self.allowed_updates: list | None = None          # as the last getUpdates asked
        self.chat_types: dict[int, str] = {}
        self.webhook: dict | None = None
        self.chat_signals: dict[int, threading.Event] = {}  # set when the bot changes a chat
        self.server: ThreadingHTTPServer | None = None

    # -- server ----------------------------------------------------------------------------
    def start(self) -> str:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                api._serve(self)

            do_GET = do_POST

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 512  # the default 5 drops the SYNs of a crowd connecting at once (1 s retries)

            def handle_error(self, request, client_address):
                if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
                    super().handle_error(request, client_address)  # a client that hung up is no news

        self.server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
        with self.cond:
            self.cond.notify_all()

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        m = re.match(r"^/bot([^/]+)/(\w+)$", request.path.split("?")[0])
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        if not m or m.group(1) != self.token:
            return self._respond(request, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = m.group(2)
        params = self._params(request.headers.get("Content-Type", ""), body)
        if method != "getUpdates" and self.delay:
            time.sleep(self.delay)
            if self._client_gone(request):  # the bot died while waiting: the call never counts
                return
        try:
            result = self._call(method, params)
            self._respond(request, 200, {"ok": True, "result": result})
        except ApiError as err:
            payload = {"ok": False, "error_code": err.status, "description": err.description}
            if err.retry_after is not None:
                payload["parameters"] = {"retry_after": err.retry_after}
            self._respond(request, err.status, payload)

    @staticmethod
    def _client_gone(request: BaseHTTPRequestHandler) -> bool:
        sock = request.connection
        try:
            sock.setblocking(False)
            return sock.recv(1, socket.MSG_PEEK) == b""
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return True
        finally:
            try:
                sock.setblocking(True)
            except OSError:
                pass

    @staticmethod
    def _respond(request, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        try:
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a long poll cut short at shutdown)

    @staticmethod
    def _params(content_type: str, body: bytes) -> dict:
        raw: dict[str, object] = {}
        if content_type.startswith("multipart/form-data"):
            msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True)
                raw[name] = {"filename": filename, "content": payload} if filename else payload.decode()
        elif content_type.startswith("application/json"):
            raw = json.loads(body or b"{}")
        else:
            raw = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        params = {}
        for key, value in raw.items():
            if key in JSON_FIELDS and isinstance(value, str):
                try:
                    value = json.loads(value)
                except json.JSONDecodeError:
                    pass
            params[key] = value
        return params

    # -- the Bot API -------------------------------------------------------------------------
    def _call(self, method: str, p: dict):
        with self.cond:
            self.calls.append((time.monotonic(), method, p))
            self.cond.notify_all()
            for fault in self.faults:
                if fault.method == method and fault.times > 0 and (fault.chat_id is None or fault.chat_id == p.get("chat_id")):
                    fault.times -= 1
                    raise ApiError(fault.status, fault.description, fault.retry_after)
        if method == "getUpdates":
            return self._get_updates(p)
        with self.cond:
            self.cond.notify_all()
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                self.violations.append(f"{method}: unknown method")
                raise ApiError(404, "Not Found: method not found")
            chat_id = p.get("chat_id")
            if chat_id in self.blocked and method not in ("answerCallbackQuery",):
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            try:
                return handler(p)
            finally:
                self.cond.notify_all()

    def _bad(self, method: str, description: str):
        self.violations.append(f"{method}: {description}")
        raise ApiError(400, f"Bad Request: {description}")

    def _get_updates(self, p: dict) -> list[dict]:
        self.allowed_updates = p.get("allowed_updates", self.allowed_updates)
        offset = int(p.get("offset") or 0)
        deadline = time.monotonic() + min(float(p.get("timeout") or 0), 2.0)
        with self.cond:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and time.monotonic() < deadline:
                self.cond.wait(max(0.0, deadline - time.monotonic()))
            return list(self.updates[: int(p.get("limit") or 100)])

    def _bot_user(self) -> dict:
        return {"id": int(self.token.split(":")[0]), "is_bot": True, "first_name": "Quota Doctor",
                "username": self.username, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    def _m_getMe(self, p):
        return self._bot_user()

    def _m_deleteWebhook(self, p):
        self.webhook = None
        return True

    def _m_setWebhook(self, p):
        self.webhook = dict(p)
        return True

    def _m_getWebhookInfo(self, p):
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": 0}

    def _m_setMyCommands(self, p):
        if p.get("language_code") is not None and not re.fullmatch(r"[a-z]{2}", p["language_code"]):
            self._bad("setMyCommands", "language_code must be a two-letter ISO 639-1 code")
        commands = p.get("commands") or []
        for c in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", c.get("command", "")) or not 1 <= len(c.get("description", "")) <= 256:
                self._bad("setMyCommands", f"invalid command {c}")
        scope = (p.get("scope") or {}).get("type", "default")
        if scope not in ("default", "all_private_chats", "all_group_chats"):
            self._bad("setMyCommands", f"unexpected scope {scope}")
        (self.group_commands if scope == "all_group_chats" else self.commands)[p.get("language_code")] = commands
        return True

    def _m_setMyDescription(self, p):
        return self._set_text("setMyDescription", p, "description", 512, self.descriptions)

    def _m_setMyShortDescription(self, p):
        return self._set_text("setMyShortDescription", p, "short_description", 120, self.short_descriptions)

    def _set_text(self, method: str, p: dict, field: str, limit: int, kept: dict) -> bool:
        if p.get("language_code") is not None and not re.fullmatch(r"[a-z]{2}", p["language_code"]):
            self._bad(method, "language_code must be a two-letter ISO 639-1 code")
        if len(p.get(field) or "") > limit:
            self._bad(method, f"{field} is too long")
        kept[p.get("language_code")] = p.get(field) or ""
        return True

    def _m_sendChatAction(self, p):
        return True

    def _check_text(self, method: str, text: str, limit: int, p: dict) -> str:
        if p.get("parse_mode") != "HTML":
            self._bad(method, "parse_mode must be HTML here")
        shown, errors = check_html(text)
        if errors:
            self._bad(method, errors[0])
        if not shown.strip():
            self._bad(method, "message text is empty")
        if len(shown) > limit:
            self._bad(method, f"message is too long ({len(shown)} > {limit})")
        return shown

    def _check_markup(self, method: str, p: dict) -> list:
        markup = p.get("reply_markup")
        if not markup:
            return []
        rows = markup.get("inline_keyboard")
        if not isinstance(rows, list):
            self._bad(method, "reply_markup must be an inline keyboard")
        for row in rows:
            for b in row:
                if not b.get("text"):
                    self._bad(method, "button text is empty")
                data, url = b.get("callback_data"), b.get("url")
                if (data is None) == (url is None):
                    self._bad(method, "a button needs exactly one of callback_data or url")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    self._bad(method, f"BUTTON_DATA_INVALID ({len(data.encode())} bytes)")
        return rows

    def _signal(self, chat_id: int) -> None:
        event = self.chat_signals.get(chat_id)
        if event is not None:
            event.set()

    def signal_for(self, chat_id: int) -> threading.Event:
        """An event set whenever the bot sends or edits a message in this chat (for load tests,
        where waking every waiting user on every call would cost more than the bot itself)."""
        return self.chat_signals.setdefault(chat_id, threading.Event())

    def _store(self, msg: Message) -> dict:
        self.messages.setdefault(msg.chat_id, {})[msg.message_id] = msg
        self._signal(msg.chat_id)
        self.cond.notify_all()
        return self._message_json(msg)

    def _message_json(self, msg: Message) -> dict:
        out = {"message_id": msg.message_id, "date": int(time.time()),
               "chat": self._chat(msg.chat_id), "text": msg.text}
        out["from"] = self._bot_user() if msg.from_bot else self._user(msg.chat_id)
        if msg.buttons:
            out["reply_markup"] = {"inline_keyboard": msg.buttons}
        if msg.document:
            out.pop("text")
            out["document"] = {"file_id": "doc1", "file_unique_id": "doc1", "file_name": msg.document}
        return out

    def _known_chat(self, method: str, p: dict) -> int:
        chat_id = p.get("chat_id")
        if chat_id not in self.chat_types:
            self._bad(method, "chat not found")
        return chat_id

    def _m_sendMessage(self, p):
        chat_id = self._known_chat("sendMessage", p)
        if not (p.get("link_preview_options") or {}).get("is_disabled"):
            self._bad("sendMessage", "link previews must be off here (the bot's Defaults)")
        shown = self._check_text("sendMessage", p.get("text", ""), 4096, p)
        rows = self._check_markup("sendMessage", p)
        return self._store(Message(chat_id, next(self.message_ids), shown, p["text"], rows))

    def _m_sendDocument(self, p):
        chat_id = self._known_chat("sendDocument", p)
        doc = p.get("document")
        if not isinstance(doc, dict) or not doc.get("content"):
            self._bad("sendDocument", "document must be an uploaded file")
        caption = p.get("caption")
        shown = self._check_text("sendDocument", caption, 1024, p) if caption else ""
        rows = self._check_markup("sendDocument", p)
        return self._store(Message(chat_id, next(self.message_ids), shown, caption or "", rows,
                                   document=doc["filename"], content=doc["content"]))

    def _m_sendPhoto(self, p):
        chat_id = self._known_chat("sendPhoto", p)
        photo = p.get("photo")
        if not isinstance(photo, dict) or not photo.get("content", b"").startswith(b"\x89PNG"):
            self._bad("sendPhoto", "photo must be an uploaded PNG")
        caption = p.get("caption")
        shown = self._check_text("sendPhoto", caption, 1024, p) if caption else ""
        rows = self._check_markup("sendPhoto", p)
        return self._store(Message(chat_id, next(self.message_ids), shown, caption or "", rows,
                                   document=photo["filename"], content=photo["content"]))

    def _m_editMessageText(self, p):
        chat_id = self._known_chat("editMessageText", p)
        if not (p.get("link_preview_options") or {}).get("is_disabled"):
            self._bad("editMessageText", "link previews must be off here (the bot's Defaults)")
        msg = self.messages.get(chat_id, {}).get(p.get("message_id"))
        if msg is None:
            self._bad("editMessageText", "message to edit not found")
        if not msg.from_bot:
            self._bad("editMessageText", "message can't be edited")
        shown = self._check_text("editMessageText", p.get("text", ""), 4096, p)
        rows = self._check_markup("editMessageText", p)
        if shown == msg.text and rows == msg.buttons:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content "
                                "and reply markup are exactly the same as a current content and reply markup of the message")
        msg.text, msg.html, msg.buttons = shown, p["text"], rows
        msg.edits += 1
        self._signal(chat_id)
        self.cond.notify_all()
        return self._message_json(msg)

    def _m_editMessageReplyMarkup(self, p):
        chat_id = self._known_chat("editMessageReplyMarkup", p)
        msg = self.messages.get(chat_id, {}).get(p.get("message_id"))
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not msg.from_bot:
            self._bad("editMessageReplyMarkup", "message can't be edited")
        rows = self._check_markup("editMessageReplyMarkup", p)
        if rows == msg.buttons:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content "
                                "and reply markup are exactly the same as a current content and reply markup of the message")
        msg.buttons = rows
        msg.edits += 1
        self._signal(chat_id)
        return self._message_json(msg)

    def _m_answerCallbackQuery(self, p):
        q = self.queries.get(str(p.get("callback_query_id")))
        if q is None:
            self._bad("answerCallbackQuery", "query is too old and response timeout expired or query ID is invalid")
        if q["answered_at"] is not None:
            self._bad("answerCallbackQuery", "query is already answered")
        if len(p.get("text") or "") > 200:
            self._bad("answerCallbackQuery", "text is too long")
        q["answered_at"] = time.monotonic()
        q["text"] = p.get("text")
        self._signal(q.get("chat_id"))
        self.cond.notify_all()
        return True

    # -- playing users -----------------------------------------------------------------------
    def _user(self, user_id: int, lang: str = "en") -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "language_code": lang}

    def _chat(self, chat_id: int) -> dict:
        kind = self.chat_types.get(chat_id, "private")
        if kind == "private":
            return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
        return {"id": chat_id, "type": kind, "title": "A group"}

    def _push(self, update: dict) -> int:
        with self.cond:
            update["update_id"] = next(self.update_ids)
            self.updates.append(update)
            self.cond.notify_all()
            return update["update_id"]

    def _user_message(self, user_id: int, chat_id: int | None, lang: str, **content) -> dict:
        chat_id = chat_id if chat_id is not None else user_id
        with self.cond:
            self.chat_types.setdefault(chat_id, "private")
            msg = Message(chat_id, next(self.message_ids), content.get("text", ""), "", from_bot=False)
            self.messages.setdefault(chat_id, {})[msg.message_id] = msg
        return {"message_id": msg.message_id, "date": int(time.time()), "chat": self._chat(chat_id),
                "from": self._user(user_id, lang), **content}

    def send_text(self, user_id: int, text: str, lang: str = "en", chat_id: int | None = None) -> int:
        content = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self._push({"message": self._user_message(user_id, chat_id, lang, **content)})

    def send_sticker(self, user_id: int, lang: str = "en") -> int:
        sticker = {"file_id": "st1", "file_unique_id": "st1", "type": "regular", "width": 512,
                   "height": 512, "is_animated": False, "is_video": False}
        return self._push({"message": self._user_message(user_id, None, lang, sticker=sticker)})

    def send_photo(self, user_id: int, lang: str = "en", caption: str | None = None) -> int:
        photo = [{"file_id": "ph1", "file_unique_id": "ph1", "width": 90, "height": 90}]
        extra = {"caption": caption} if caption is not None else {}
        return self._push({"message": self._user_message(user_id, None, lang, photo=photo, **extra)})

    def forward_text(self, user_id: int, text: str, lang: str = "en") -> int:
        """A text the user forwards from another chat (Bot API 7: `forward_origin`)."""
        origin = {"type": "hidden_user", "date": int(time.time()), "sender_user_name": "Someone"}
        return self._push({"message": self._user_message(user_id, None, lang, text=text, forward_origin=origin)})

    def chat_member(self, user_id: int, status: str) -> int:
        """The user blocks ("kicked") or unblocks ("member") the bot in their private chat."""
        old = {"status": "member" if status == "kicked" else "kicked", "user": self._bot_user()}
        if old["status"] == "kicked":
            old["until_date"] = 0
        new = {"status": status, "user": self._bot_user()}
        if status == "kicked":
            new["until_date"] = 0
        return self._push({"my_chat_member": {"chat": self._chat(user_id), "from": self._user(user_id),
                                              "date": int(time.time()), "old_chat_member": old,
                                              "new_chat_member": new}})

    def edit_user_message(self, user_id: int, message_id: int, text: str) -> int:
        msg = {"message_id": message_id, "date": int(time.time()), "edit_date": int(time.time()),
               "chat": self._chat(user_id), "from": self._user(user_id), "text": text}
        return self._push({"edited_message": msg})

    def press(self, user_id: int, message_id: int, data: str, lang: str = "en", chat_id: int | None = None) -> str:
        chat_id = chat_id if chat_id is not None else user_id
        with self.cond:
            msg = self.messages.get(chat_id, {}).get(message_id)
            qid = str(next(self.query_ids))
            self.queries[qid] = {"pushed_at": time.monotonic(), "answered_at": None, "text": None,
                                 "chat_id": chat_id}
        message = self._message_json(msg) if msg else {
            "message_id": message_id, "date": int(time.time()), "chat": self._chat(chat_id), "text": "?"}
        update_id = self._push({"callback_query": {"id": qid, "from": self._user(user_id, lang),
                                                   "chat_instance": str(chat_id), "data": data, "message": message}})
        with self.cond:
            self.queries[qid]["update_id"] = update_id
        return qid

    def open_group(self, chat_id: int) -> None:
        with self.cond:
            self.chat_types[chat_id] = "group"

    # -- reading what the bot did --------------------------------------------------------------
    def bot_messages(self, chat_id: int) -> list[Message]:
        with self.cond:
            return [m for m in self.messages.get(chat_id, {}).values() if m.from_bot]

    def wait_for(self, predicate, timeout: float = 10.0):
        """Wait until predicate() is truthy (checked under the lock); return its value."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("the bot did not do what was expected in time")
                self.cond.wait(remaining)

    def fail(self, method: str, status: int, description: str, times: int = 1,
             retry_after: int | None = None, chat_id: int | None = None) -> None:
        with self.cond:
            self.faults.append(Fault(method, status, description, times, retry_after, chat_id))
