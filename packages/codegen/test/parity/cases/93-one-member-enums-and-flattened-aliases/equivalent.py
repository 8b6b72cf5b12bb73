from enum import Enum
from typing import Generic, Literal, Optional, TypeVar, Union

from typing_extensions import TypeAliasType, TypedDict

T = TypeVar("T")


class Region(Enum):
    EuropeWest = "europe-west"


class Color(Enum):
    Red = "red"
    Green = "green"


class Box(TypedDict, Generic[T]):
    value: T


class Label(TypedDict):
    text: str


class Branch(TypedDict):
    children: list["Tree"]


Tree = TypeAliasType("Tree", Union[str, Branch])


# `replies` is @internal: left out, so nothing makes Note recursive (a plain union, inlined).
class Draft(TypedDict):
    title: str


Both = TypedDict("Both", {"y": float, "x": float, "z": bool, "w": str})


def place(
    trees: Box[Tree],
    mark: Union[Color, Literal["red"], Label],
    note: Union[str, Draft],
    both: Both,
    region: Optional[Region] = None,
):
    "Places a box."
