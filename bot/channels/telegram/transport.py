"""The Bot API transport on aiohttp (python-telegram-bot's `BaseRequest`), with the settings and
the errors of the library's own HTTPXRequest, at a fraction of its CPU (README, Benchmarks)."""
from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from python_socks import ProxyError
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# the library's words for a full pool (HTTPXRequest): the call was never sent
POOL_TIMEOUT_MESSAGE = ("Pool timeout: All connections in the connection pool are occupied. Request was *not* sent "
                        "to Telegram. Consider adjusting the connection pool size or the pool timeout.")


class AiohttpRequest(BaseRequest):
    """HTTPXRequest's contract on aiohttp: the same keyword arguments and defaults, form fields
    and multipart uploads, a TimedOut for a slow server or a full pool (with the library's
    message), a NetworkError for the rest. `proxy` is one URL, http(s):// or socks4/5:// (the
    latter through aiohttp-socks). aiohttp has no write timeout: a call that uploads a file is
    bounded as a whole by media_write_timeout (write_timeout if given) plus read_timeout."""

    def __init__(self, connection_pool_size: int = 1, read_timeout: float | None = 5.0,
                 write_timeout: float | None = 5.0, connect_timeout: float | None = 5.0,
                 pool_timeout: float | None = 1.0, proxy: str | None = None,
                 media_write_timeout: float | None = 20.0):
        self._pool_size = connection_pool_size
        self._timeouts = {"read": read_timeout, "write": write_timeout, "connect": connect_timeout,
                          "pool": pool_timeout, "media_write": media_write_timeout}
        self._proxy = proxy
        self._socks = bool(proxy) and proxy.split(":", 1)[0].lower().startswith("socks")
        if proxy and not self._socks and not proxy.lower().startswith(("http://", "https://")):
            raise ValueError("the proxy must be an http://, https://, socks4:// or socks5:// URL")
        self._session: aiohttp.ClientSession | None = None
        self._slots: asyncio.Semaphore | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts["read"]

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            if self._socks:
                from aiohttp_socks import ProxyConnector
                connector: aiohttp.BaseConnector = ProxyConnector.from_url(self._proxy, limit=self._pool_size)
            else:
                connector = aiohttp.TCPConnector(limit=self._pool_size)
            # trust_env off: the proxy comes from the settings, read once (aiohttp's trust_env
            # read the environment and ~/.netrc again on every request: a third of the CPU)
            self._session = aiohttp.ClientSession(connector=connector, trust_env=False,
                                                  headers={"User-Agent": self.USER_AGENT})
            self._slots = asyncio.Semaphore(self._pool_size)

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _timeout(self, name: str, given: Any) -> float | None:
        return self._timeouts[name] if given is BaseRequest.DEFAULT_NONE else given

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=BaseRequest.DEFAULT_NONE, write_timeout=BaseRequest.DEFAULT_NONE,
                         connect_timeout=BaseRequest.DEFAULT_NONE, pool_timeout=BaseRequest.DEFAULT_NONE,
                         ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed or self._slots is None:
            raise RuntimeError("AiohttpRequest is not initialized")
        read, connect = self._timeout("read", read_timeout), self._timeout("connect", connect_timeout)
        files = request_data.multipart_data if request_data and request_data.contains_files else None
        fields = request_data.json_parameters if request_data else {}
        if files:
            data: Any = aiohttp.FormData(fields)
            for name, (filename, content, mimetype) in files.items():
                data.add_field(name, content, filename=filename, content_type=mimetype)
            write = self._timeouts["media_write"] if write_timeout is BaseRequest.DEFAULT_NONE else write_timeout
            total = None if write is None or read is None else write + read
        else:
            data, total = fields, None  # form-encoded, as HTTPXRequest sends it
        timeout = aiohttp.ClientTimeout(total=total, sock_connect=connect, sock_read=read)
        try:
            await asyncio.wait_for(self._slots.acquire(), self._timeout("pool", pool_timeout))
        except asyncio.TimeoutError:
            raise TimedOut(POOL_TIMEOUT_MESSAGE) from None
        try:
            async with self._session.request(method, url, data=data, timeout=timeout,
                                             proxy=None if self._socks else self._proxy) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as exc:
            raise TimedOut from exc
        except (aiohttp.ClientError, ProxyError, OSError) as exc:  # a SOCKS proxy's errors too
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc
        finally:
            self._slots.release()
