from enum import Enum


class Color(Enum):
    Red = "red"
    Green = "green"
    Blue = "blue"


def paint(coats: float, color: Color = Color.Green):
    "Paints the fence."
