from pydantic import ConfigDict
from typing_extensions import TypedDict


class Pt(TypedDict):
    "A point on the plane."
    __pydantic_config__ = ConfigDict(title="Point2D")
    x: float
    y: float


class Size(TypedDict):
    __pydantic_config__ = ConfigDict(title="Size in pixels")
    width: float
    height: float


def move(point: Pt, by: Size):
    "Moves a point by a size."
