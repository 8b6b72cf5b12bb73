from typing import Literal, Optional


def layout(
    side: Optional[Literal["left", "right"]] = "left",
    pageSize: float = 20,
    retries: float = 3,
    offset: float = -3,
):
    "Lays out a page."
