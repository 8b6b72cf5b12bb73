from typing import Literal, Optional

from typing_extensions import NotRequired, TypedDict


class Route(TypedDict):
    from_: str
    to_: str
    via__: NotRequired[str]


def plan(
    from_: str,
    type_: Optional[Literal["bus", "train"]] = None,
    class_: int = 2,
    route: Optional[Route] = None,
    snake_case_: bool = False,
):
    "Plans a trip."
