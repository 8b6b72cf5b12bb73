from typing import Literal


def move(
    first: Literal["down", "up"],
    then: Literal["down", "left", "up"],
    back: Literal["up", "down"],
    level: Literal[2, 1, 3],
    plain: Literal[3, 1, 2],
):
    "Moves a cursor."
