"""What Quota Doctor remembers: SQLite through sqlite-utils. The only package with SQL."""
from .database import DEFAULT_PATH, STEP_STATUSES, USER_ROWS, StorageError, Store, StoreUnavailable
from .migrations import CONSOLE_USER, SUMMARY

__all__ = ["CONSOLE_USER", "DEFAULT_PATH", "STEP_STATUSES", "SUMMARY", "USER_ROWS", "StorageError", "Store",
           "StoreUnavailable"]
