"""The Bot API transport on aiohttp (python-telegram-bot's `BaseRequest`)."""
from __future__ import annotations

import asyncio
import urllib.request
from typing import Any, Mapping
from urllib.parse import urlparse

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """The Bot API transport on aiohttp: the same contract as python-telegram-bot's default
    HTTPXRequest (form fields, multipart uploads, TimedOut and NetworkError), at a fraction of
    its CPU per call, which is most of a step's CPU (README, Benchmarks). `proxies` are those of
    the settings (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY: scheme → URL, "no" → hosts).
    aiohttp has no write timeout: an upload is bounded by `upload_timeout` as a whole instead."""

    def __init__(self, pool_size: int = 256, connect_timeout: float = 5.0, read_timeout: float = 5.0,
                 upload_timeout: float = 60.0, proxies: Mapping[str, str] | None = None):
        self._pool_size = pool_size
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._upload_timeout = upload_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str] = dict(proxies or {})
        self._proxy_for: dict[tuple[str, str], str | None] = {}

    def _proxy(self, url: str) -> str | None:
        """The proxy for `url` from HTTPS_PROXY/HTTP_PROXY/NO_PROXY (looked up once a host)."""
        parts = urlparse(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxy_for:
            bypass = not self._proxies or urllib.request.proxy_bypass_environment(key[1], self._proxies)
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
            # The proxies come from the settings, read once: aiohttp's trust_env would read the
            # environment and ~/.netrc again on every request, in a thread (measured: a third of
            # the bot's CPU).
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size), trust_env=False,
                headers={"User-Agent": self.USER_AGENT})
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


