"""Every setting is read once, from the environment, and a wrong one is named with its fix."""
from __future__ import annotations

import pytest

from bot.settings import DEFAULT_DB, BadSettings, Settings


def test_defaults_when_nothing_is_set():
    s = Settings.from_env({})
    assert s.db_path == DEFAULT_DB and s.tz_name == "Asia/Shanghai" and s.max_rate == 30
    assert s.base_url == "https://api.telegram.org/bot" and s.webhook_secret is None and s.proxies == {}


def test_each_variable_is_read():
    s = Settings.from_env({"QUOTA_DOCTOR_DB": "/tmp/x.db", "QUOTA_DOCTOR_TZ": "Europe/Berlin",
                           "QUOTA_DOCTOR_MAX_RATE": "0", "QUOTA_DOCTOR_WEBHOOK_SECRET": "s3",
                           "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot", "LANG": "zh_CN.UTF-8",
                           "HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": "localhost"})
    assert (s.db_path, s.tz_name, s.max_rate, s.webhook_secret) == ("/tmp/x.db", "Europe/Berlin", 0, "s3")
    assert s.base_url == "http://127.0.0.1:8081/bot" and s.locale == "zh_CN.UTF-8"
    assert s.proxies == {"https": "http://proxy:3128", "no": "localhost"}


@pytest.mark.parametrize("env, names", [
    ({"QUOTA_DOCTOR_TZ": "Mars/Olympus"}, "QUOTA_DOCTOR_TZ"),
    ({"QUOTA_DOCTOR_MAX_RATE": "fast"}, "QUOTA_DOCTOR_MAX_RATE"),
    ({"TELEGRAM_BASE_URL": "ftp://x"}, "TELEGRAM_BASE_URL"),
])
def test_a_wrong_setting_is_named(env, names):
    with pytest.raises(BadSettings, match=names):
        Settings.from_env(env)


def test_the_token_is_required_and_checked_only_when_the_bot_runs():
    assert Settings.from_env({}).token == ""
    with pytest.raises(BadSettings, match="not set"):
        Settings.from_env({}).require_token()
    with pytest.raises(BadSettings, match="malformed"):
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "abc"}).require_token()
    token = "123456789:" + "A" * 35
    assert Settings.from_env({"TELEGRAM_BOT_TOKEN": token}).require_token() == token


def test_the_proxy_is_chosen_by_scheme_and_no_proxy():
    s = Settings.from_env({"HTTPS_PROXY": "socks5://gate:1080", "HTTP_PROXY": "http://proxy:3128",
                           "NO_PROXY": "localhost,127.0.0.1"})
    assert s.proxy_for("https://api.telegram.org/bot") == "socks5://gate:1080"
    assert s.proxy_for("http://tg.example:8081/bot") == "http://proxy:3128"
    assert s.proxy_for("http://127.0.0.1:8081/bot") is None
    assert Settings.from_env({}).proxy_for("https://api.telegram.org/bot") is None
    assert Settings.from_env({"ALL_PROXY": "socks5://gate:1080"}).proxy_for("https://api.telegram.org/bot") == "socks5://gate:1080"
