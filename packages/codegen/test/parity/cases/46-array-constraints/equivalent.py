from typing import Annotated, Optional

from pydantic import Field


def drawWinners(
    entrants: Annotated[list[str], Field(min_length=2, max_length=10)],
    prizes: Annotated[list[str], Field(max_length=3)] = ["gold"],
    seeds: Annotated[Optional[list[int]], Field(min_length=1)] = None,
):
    "Draws winners among the entrants."
