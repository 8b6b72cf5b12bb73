from typing_extensions import NotRequired, TypedDict


class Point(TypedDict):
    x: float
    y: float
    label: NotRequired[str]


class Segment(TypedDict):
    start: Point
    end: Point
    dashed: bool


def drawSegment(segment: Segment, origin: Point):
    "Draws a segment."
