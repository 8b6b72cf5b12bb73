from typing_extensions import TypedDict


class Member(TypedDict):
    name: str
    score: int


def mergeScores(
    scores: dict[str, float],
    members: dict[str, Member],
    groups: dict[str, list[str]],
    limits: dict[str, int] = {},
):
    "Merges team scores."
