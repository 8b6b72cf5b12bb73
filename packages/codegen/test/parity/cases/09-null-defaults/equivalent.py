from typing import Optional


def find(query: Optional[str] = None, limit: Optional[int] = None, exact: Optional[bool] = None):
    "Finds records."
