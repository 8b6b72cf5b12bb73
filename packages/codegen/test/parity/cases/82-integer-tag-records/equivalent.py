from typing import Optional

from typing_extensions import NotRequired, TypedDict


class Inventory(TypedDict):
    counts: dict[str, int]
    reserved: dict[str, Optional[int]]
    history: NotRequired[list[Optional[int]]]


def restock(inventory: Inventory, limits: dict[str, Optional[int]], minimums: dict[str, int] = {}):
    "Restocks an inventory; per-warehouse limits are whole units."
