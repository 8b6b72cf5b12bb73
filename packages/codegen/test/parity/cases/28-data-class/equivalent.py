from typing import Annotated

from pydantic import Field
from typing_extensions import NotRequired, TypedDict


class Point(TypedDict):
    "A point on the canvas."
    x: Annotated[float, Field(description="Horizontal position, in pixels.")]
    y: float
    label: NotRequired[str]


class Segment(TypedDict):
    start: Point
    end: Point
    dashed: bool


def drawSegment(segment: Segment, origin: Point):
    "Draws a segment."
