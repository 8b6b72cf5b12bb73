from typing import Literal

Votes = dict[str, Literal["yes", "no", "abstain"]]


def count(votes: Votes):
    """Counts the votes."""
