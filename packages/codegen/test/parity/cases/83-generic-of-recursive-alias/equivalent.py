from datetime import datetime
from typing import Generic, Optional, TypeVar, Union

from typing_extensions import NotRequired, TypeAliasType, TypedDict

T = TypeVar("T")


class Box(TypedDict, Generic[T]):
    value: T
    at: NotRequired[datetime]


Json = TypeAliasType("Json", Union[str, float, list["Json"], dict[str, "Json"]])
Timeline = TypeAliasType("Timeline", Union[datetime, list["Timeline"]])


def store(box: Box[Json], many: Optional[Box[list[Json]]] = None):
    "Stores a boxed JSON value, and optionally a box of them."


def schedule(when: Box[Optional[datetime]], timeline: Timeline, boxed: Optional[Box[Timeline]] = None):
    "Schedules along a timeline."
