from typing import Literal, Optional


def sortList(order: Optional[Literal["asc", "desc"]], level: Optional[Literal[1, 2, 3]] = None):
    "Sorts the list."
