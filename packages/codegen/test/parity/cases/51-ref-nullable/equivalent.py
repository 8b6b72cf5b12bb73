from enum import Enum
from typing import Optional

from typing_extensions import TypedDict


class Reviewer(TypedDict):
    id: int
    name: str


class Verdict(Enum):
    Approve = "approve"
    Reject = "reject"


def assignReview(
    owner: Optional[Reviewer],
    verdict: Optional[Verdict],
    backup: Optional[Reviewer] = None,
    second: Optional[Reviewer] = None,
    team: list[Optional[Reviewer]] = [],
):
    "Assigns a review."
