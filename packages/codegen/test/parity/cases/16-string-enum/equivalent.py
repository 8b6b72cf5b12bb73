from enum import Enum
from typing import Optional


class Color(Enum):
    "A colour from the house palette."
    Red = "red"
    Green = "green"
    Blue = "blue"


def paintWall(wall: str, color: Color, accent: Optional[Color]):
    "Paints a wall, with an optional accent colour."
