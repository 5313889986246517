"""Where the package's data lives: knowledge/ and templates/ beside bot/ in a checkout (or an
editable install), inside the package in a wheel (pyproject.toml maps them there)."""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`knowledge` or `templates`: shipped inside the package, or the checkout's folder."""
    shipped = PACKAGE / name
    return shipped if shipped.is_dir() else PACKAGE.parent / name


KNOWLEDGE_DIR = data_dir("knowledge")
TEMPLATES_DIR = data_dir("templates")
