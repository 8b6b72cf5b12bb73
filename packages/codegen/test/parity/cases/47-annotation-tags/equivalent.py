from typing import Annotated, Literal, Optional

from pydantic import Field
from typing_extensions import NotRequired, TypedDict


class Query(TypedDict):
    limit: NotRequired[Annotated[int, Field(default=10)]]
    text: NotRequired[Annotated[str, Field(deprecated="Use `terms` instead.")]]
    terms: Annotated[list[str], Field(examples=[["cat", "dog"], ["fish"]])]
    sort: Annotated[Literal["asc", "desc"], Field(title="Sort Order")]


def runQuery(
    query: Query,
    region: Annotated[str, Field(examples=["eu-west"])],
    legacy: Annotated[Optional[bool], Field(deprecated=True)] = None,
    retries: Optional[int] = 3,
    dryRun: Annotated[bool, Field(title="Dry Run?")] = False,
):
    "Runs a query against a region."
