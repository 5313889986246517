"""Every setting, read from the environment (or a `.env` file in the working directory) once, in
one place: nothing else in the package reads the environment. Each is documented in
.env.example and shared/contract.md."""
from __future__ import annotations

import os
import re
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DB = "./data/quota_doctor.db"
DEFAULT_TZ = "Asia/Shanghai"
TELEGRAM_RATE = 30  # messages a second Telegram accepts from a bot, all chats together
TOKEN_PATTERN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")


class BadSettings(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    token: str = ""                    # TELEGRAM_BOT_TOKEN (only `run` needs it)
    base_url: str = DEFAULT_BASE_URL   # TELEGRAM_BASE_URL
    db_path: str = DEFAULT_DB          # QUOTA_DOCTOR_DB
    webhook_secret: str | None = None  # QUOTA_DOCTOR_WEBHOOK_SECRET
    tz_name: str = DEFAULT_TZ          # QUOTA_DOCTOR_TZ: quiet hours and dates shown
    max_rate: int = TELEGRAM_RATE      # QUOTA_DOCTOR_MAX_RATE: messages a second at most; 0 = no limit
    locale: str = ""                   # LANG: the terminal's language
    proxies: Mapping[str, str] = field(default_factory=dict)  # HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Read and check every setting; raise BadSettings naming the one that is wrong."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str:
            return (env.get(name) or "").strip()
        base_url = get("TELEGRAM_BASE_URL") or DEFAULT_BASE_URL
        if urlparse(base_url).scheme not in ("http", "https"):
            raise BadSettings(f"TELEGRAM_BASE_URL must be an http(s) URL such as {DEFAULT_BASE_URL}")
        rate = get("QUOTA_DOCTOR_MAX_RATE") or str(TELEGRAM_RATE)
        if not (rate.isascii() and rate.isdecimal()):
            raise BadSettings("QUOTA_DOCTOR_MAX_RATE must be a whole number of messages a second "
                              f"(default {TELEGRAM_RATE}, Telegram's limit; 0 = no limit, for a local test API)")
        tz_name = get("QUOTA_DOCTOR_TZ") or DEFAULT_TZ
        try:
            ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise BadSettings(f"QUOTA_DOCTOR_TZ {tz_name!r} is not a time zone: use a name such as "
                              f"{DEFAULT_TZ} or Europe/Berlin") from None
        proxies = urllib.request.getproxies_environment() if environ is None else {
            k.lower().removesuffix("_proxy"): v for k, v in env.items() if k.lower().endswith("_proxy") and v}
        return cls(token=get("TELEGRAM_BOT_TOKEN"), base_url=base_url,
                   db_path=get("QUOTA_DOCTOR_DB") or DEFAULT_DB,
                   webhook_secret=get("QUOTA_DOCTOR_WEBHOOK_SECRET") or None, tz_name=tz_name,
                   max_rate=int(rate), locale=get("LANG"), proxies=dict(proxies))

    def proxy_for(self, url: str) -> str | None:
        """The proxy for calls to `url`: HTTPS_PROXY (HTTP_PROXY for http://, else ALL_PROXY),
        http(s):// or socks5://, unless NO_PROXY names the host. None: connect directly."""
        parts = urlparse(url)
        if not self.proxies or urllib.request.proxy_bypass_environment(parts.hostname or "", self.proxies):
            return None
        return self.proxies.get(parts.scheme) or self.proxies.get("all") or None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    def require_token(self) -> str:
        """The bot token, checked: `run` cannot start without one."""
        if not self.token:
            raise BadSettings("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and put it "
                              "in the environment or in .env (see .env.example)")
        if not TOKEN_PATTERN.match(self.token):
            raise BadSettings("TELEGRAM_BOT_TOKEN is malformed: a token looks like 123456789:AAE... "
                              "(digits, a colon, then 30 or more letters, digits, - or _)")
        return self.token


def load_dotenv(path: Path = Path(".env")) -> None:
    """Read KEY=VALUE lines from `.env` into the environment; set variables win."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip().removeprefix("export ").strip()
        value = value.strip().strip('"').strip("'")
        if key and key not in os.environ:
            os.environ[key] = value
