from enum import Enum

from typing_extensions import NotRequired, TypedDict


class Color(Enum):
    Red = "red"
    Green = "green"


class Pen(TypedDict):
    width: float
    name: NotRequired[str]


def draw(color: Color, pen: Pen = {"width": 2, "name": "fine"}, spare: Pen = {"width": 1, "name": "fine"}):
    "Draws with a pen."
