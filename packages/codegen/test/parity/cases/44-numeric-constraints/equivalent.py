from typing import Annotated, Optional

from pydantic import Field


def listResults(
    ratio: Annotated[float, Field(description="Share of results to sample.", gt=0, lt=1)],
    page: Annotated[int, Field(ge=1)] = 1,
    pageSize: Annotated[int, Field(ge=1, le=100)] = 20,
    retries: Annotated[Optional[int], Field(le=5)] = None,
):
    "Lists results page by page."
