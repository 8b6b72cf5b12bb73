from typing import Any


def cacheValue(key: str, value: Any, meta: Any, fallback: Any = None):
    "Caches an arbitrary value."
