"""The bot's Bot API transport (AiohttpRequest) keeps the contract of python-telegram-bot's own
HTTPXRequest: every test of the contract runs against both, with the same arguments (results,
uploads, errors, timeouts, a full pool, HTTP and SOCKS5 proxies). Then the application: the
builder's transport settings and the settings' proxy reach the transport. All on 127.0.0.1."""
from __future__ import annotations

import asyncio
import socket
import struct
import threading

import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from telegram import Bot, InputFile
from telegram.error import InvalidToken, NetworkError, TimedOut
from telegram.request import HTTPXRequest

from bot.channels.telegram.app import build_application
from bot.channels.telegram.transport import AiohttpRequest
from bot.settings import Settings
from tests.fake_bot_api import FakeBotAPI

TRANSPORTS = {"httpx (the library's)": HTTPXRequest, "aiohttp (the bot's)": AiohttpRequest}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


class Socks5Proxy:
    """The least SOCKS5 server (no authentication, CONNECT only) that relays to where it is
    asked and remembers where that was."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connects: list[tuple[str, int]] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(client,), daemon=True).start()

    @staticmethod
    def _read(conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def _session(self, client: socket.socket) -> None:
        with client:
            _, methods = self._read(client, 2)
            self._read(client, methods)
            client.sendall(b"\x05\x00")                       # no authentication
            _, command, _, kind = self._read(client, 4)
            if kind == 1:
                host = socket.inet_ntoa(self._read(client, 4))
            elif kind == 3:
                host = self._read(client, self._read(client, 1)[0]).decode()
            else:
                return
            port = struct.unpack("!H", self._read(client, 2))[0]
            assert command == 1
            self.connects.append((host, port))
            with socket.create_connection((host, port)) as upstream:
                client.sendall(b"\x05\x00\x00\x01" + socket.inet_aton("127.0.0.1") + struct.pack("!H", port))
                relay = threading.Thread(target=self._pipe, args=(upstream, client), daemon=True)
                relay.start()
                self._pipe(client, upstream)
                relay.join(5)

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while chunk := src.recv(65536):
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def close(self) -> None:
        self.server.close()


class HttpProxy:
    """The least HTTP forward proxy: a request for http://host/... is made on to host and
    answered; what was asked is remembered."""

    def __init__(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                proxy.requests.append(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                upstream = urllib.request.Request(self.path, data=body, method="POST",
                                                  headers={"Content-Type": self.headers.get("Content-Type", "")})
                opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
                try:
                    with opener.open(upstream, timeout=10) as r:
                        status, data = r.status, r.read()
                except urllib.error.HTTPError as e:
                    status, data = e.code, e.read()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(params=list(TRANSPORTS), scope="module")
def transport(request):
    return TRANSPORTS[request.param]


@pytest.fixture(scope="module")
def server():
    fake = FakeBotAPI()
    url = fake.start()
    yield fake, url
    fake.stop()


def _run(request, fake: FakeBotAPI, url: str, calls, token: str | None = None):
    """Run `calls(bot)` with a Bot that talks through `request` (for calls and getUpdates)."""
    async def scenario():
        bot = Bot(token or fake.token, base_url=url, request=request, get_updates_request=request)
        await request.initialize()
        try:
            return await calls(bot)
        finally:
            await request.shutdown()
    return asyncio.run(scenario())


def test_a_call_returns_the_result(transport, server):
    fake, url = server
    me = _run(transport(), fake, url, lambda bot: bot.get_me())
    assert me.username == fake.username and me.is_bot


def test_a_file_is_uploaded_with_its_caption(transport, server):
    fake, url = server
    chat = 700_001 if transport is HTTPXRequest else 700_002
    fake.chat_types[chat] = "private"
    sent = _run(transport(), fake, url, lambda bot: bot.send_photo(
        chat, InputFile(PNG, filename="chart.png"), caption="<b>trend</b>", parse_mode="HTML"))
    stored = fake.bot_messages(chat)[-1]
    assert sent.message_id == stored.message_id
    assert stored.content == PNG and stored.document == "chart.png" and stored.text == "trend"


def test_a_rejected_token_is_invalid_token(transport, server):
    fake, url = server
    with pytest.raises(InvalidToken):
        _run(transport(), fake, url, lambda bot: bot.get_me(), token="123456789:" + "x" * 35)


def test_a_server_slower_than_the_read_timeout_is_timed_out(transport):
    slow = FakeBotAPI(delay=1.0)
    url = slow.start()
    try:
        with pytest.raises(TimedOut):
            _run(transport(read_timeout=0.2), slow, url, lambda bot: bot.get_me())
        assert _run(transport(read_timeout=5), slow, url, lambda bot: bot.get_me()).is_bot
    finally:
        slow.stop()


def test_a_full_pool_is_timed_out_and_the_call_is_not_sent(transport):
    slow = FakeBotAPI(delay=1.0)
    url = slow.start()
    try:
        async def two_at_once(bot):
            return await asyncio.gather(bot.get_me(), bot.get_me(), return_exceptions=True)
        results = _run(transport(connection_pool_size=1, pool_timeout=0.2), slow, url, two_at_once)
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(errors) == 1 and isinstance(errors[0], TimedOut)
        assert "Pool timeout" in str(errors[0]) and "not* sent" in str(errors[0])
        assert [m for _, m, _ in slow.calls].count("getMe") == 1
    finally:
        slow.stop()


def test_nobody_listening_is_a_network_error(transport):
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(NetworkError) as raised:
        _run(transport(), FakeBotAPI(), f"http://127.0.0.1:{port}/bot", lambda bot: bot.get_me())
    assert not isinstance(raised.value, TimedOut)


@pytest.mark.parametrize("kind", ["http", "socks5"])
def test_calls_go_through_a_proxy(transport, server, kind):
    fake, url = server
    proxy = HttpProxy() if kind == "http" else Socks5Proxy()
    try:
        me = _run(transport(proxy=f"{kind}://127.0.0.1:{proxy.port}"), fake, url, lambda bot: bot.get_me())
        assert me.username == fake.username
        if kind == "http":  # the proxy was asked for the Bot API's URL
            assert any(path.startswith(url) and path.endswith("/getMe") for path in proxy.requests)
        else:  # the proxy was asked to connect to the Bot API's address
            assert ("127.0.0.1", fake.server.server_address[1]) in proxy.connects
    finally:
        proxy.close()


# -- the application ---------------------------------------------------------------------------
def _settings(fake: FakeBotAPI, url: str, tmp_path, **proxies: str) -> Settings:
    return Settings(token=fake.token, base_url=url, db_path=str(tmp_path / "bot.db"), proxies=proxies)


def _connect(app) -> dict:
    async def scenario():
        await app.bot.initialize()
        try:
            return (await app.bot.get_me()).to_dict()
        finally:
            await app.bot.shutdown()
    return asyncio.run(scenario())


def test_the_application_calls_through_the_socks5_proxy_of_the_settings(tmp_path):
    fake, proxy = FakeBotAPI(), Socks5Proxy()
    url = fake.start()
    try:
        app = build_application(_settings(fake, url, tmp_path, all=f"socks5://127.0.0.1:{proxy.port}"))
        me = _connect(app)
        assert me["username"] == fake.username
        assert ("127.0.0.1", fake.server.server_address[1]) in proxy.connects
        assert [m for _, m, _ in fake.calls].count("getMe") >= 1
    finally:
        proxy.close()
        fake.stop()


def test_no_proxy_connects_directly_and_the_proxy_is_never_tried(tmp_path):
    fake, proxy = FakeBotAPI(), Socks5Proxy()
    url = fake.start()
    try:
        settings = _settings(fake, url, tmp_path, all=f"socks5://127.0.0.1:{proxy.port}", no="127.0.0.1,localhost")
        assert settings.proxy_for(url) is None
        assert _connect(build_application(settings))["is_bot"]
        assert proxy.connects == []
    finally:
        proxy.close()
        fake.stop()


def test_the_builders_transport_settings_reach_the_transport(tmp_path):
    """The builder refuses timeouts once a transport is given; build_application takes them
    and gives them to the bot's own: a server slower than the read timeout is a TimedOut."""
    slow = FakeBotAPI(delay=1.0)
    url = slow.start()
    try:
        app = build_application(_settings(slow, url, tmp_path), read_timeout=0.2)
        with pytest.raises(TimedOut):
            _connect(app)
        patient = build_application(_settings(slow, url, tmp_path), read_timeout=5,
                                    get_updates_read_timeout=7, connection_pool_size=3)
        assert _connect(patient)["is_bot"]
        assert patient.bot.request._pool_size == 3 and patient.bot.request.read_timeout == 5
        updates_request = patient.updater.bot._request[0]
        assert updates_request.read_timeout == 7 and updates_request._pool_size == 1
    finally:
        slow.stop()
