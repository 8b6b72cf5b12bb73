from typing import Any, Optional

from typing_extensions import Annotated, NotRequired, TypedDict
from pydantic import Field


class Slot(TypedDict):
    payload: NotRequired[Any]
    tag: str


def store(
    key: str,
    value: Annotated[Optional[Any], Field(description="Anything JSON.")] = None,
    meta: Optional[Any] = None,
    extra: Any = None,
):
    "Stores a value."


def fill(slot: Slot):
    "Fills a slot."
