from typing import Literal, Optional, Union

from typing_extensions import TypedDict


class Circle(TypedDict):
    kind: Literal["circle"]
    radius: float


class Square(TypedDict):
    kind: Literal["square"]
    side: float


def drawShape(shape: Union[Circle, Square], frame: Optional[Union[Square, Circle]] = None):
    "Draws a shape, optionally inside a frame shape."
