from typing import Annotated, Optional

from pydantic import Field


def tagPost(
    tags: Annotated[list[str], Field(min_length=1, max_length=5)],
    reviewers: Annotated[Optional[list[str]], Field(max_length=3)] = None,
    coordinates: Annotated[list[float], Field(min_length=2)] = [0, 0],
):
    "Tags a post."
