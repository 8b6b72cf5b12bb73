from enum import Enum
from typing import Generic, Literal, Optional, TypeVar

from typing_extensions import TypedDict

T = TypeVar("T")


class Color(Enum):
    Red = "red"
    Green = "green"
    Blue = "blue"


class Box(TypedDict, Generic[T]):
    value: T


def paint(
    any: Box[Optional[Color]],
    red: Box[Literal[Color.Red]],
    warm: Box[Literal[Color.Red, Color.Green]],
    maybeRed: Box[Optional[Literal[Color.Red]]],
    scale: Box[Literal[1.5, 2.0]],
    path: Box[Literal["a.b", "c"]],
):
    "Paints boxes."
