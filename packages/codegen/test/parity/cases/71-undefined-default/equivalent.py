from typing import Optional


def lookup(name: str, region: Optional[str] = None, limit: Optional[int] = None, exact: Optional[bool] = None):
    "Looks a name up."


def filter(tag: Optional[str] = None, since: Optional[int] = None):
    "Filters things."
