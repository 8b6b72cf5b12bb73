from typing import Literal, Optional

from typing_extensions import NotRequired, TypedDict


class Owner(TypedDict):
    name: str
    nickname: NotRequired[Optional[str]]


def editTicket(id: str, note: Optional[str] = None, level: Optional[Literal["low", "high"]] = None, owner: Optional[Owner] = None):
    "Edits a ticket; each field may be left out or set to null."
