from typing import Optional

from typing_extensions import TypedDict


class Player(TypedDict):
    name: str


def recordRound(
    matches: list[tuple[Player, Player]],
    scores: dict[str, Optional[float]],
    table: dict[str, dict[str, float]],
    groups: list[list[Player]] = [],
):
    "Records the matches of a round."
