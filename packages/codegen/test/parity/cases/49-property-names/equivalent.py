from typing import Optional

from typing_extensions import NotRequired, TypedDict


class ListRequest(TypedDict):
    maxResults: int
    page2Token: NotRequired[str]
    sort_order: str
    HTTPStatus: int
    isURL: bool
    title: str


def listItems(
    request: ListRequest,
    maxResults: int,
    page2Token: Optional[str],
    snake_case_name: str,
    title: str,
    x2y: float,
):
    "Lists items; note the property called title."
