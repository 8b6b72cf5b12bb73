from typing import Optional


def search(query: str, limit: Optional[int] = None, tags: Optional[list[str]] = None, fuzzy: Optional[bool] = None):
    "Searches the index."
