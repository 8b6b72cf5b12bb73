from typing import Annotated, Optional, Union

from pydantic import Field
from typing_extensions import TypedDict


class Label(TypedDict):
    text: Annotated[Union[str, int, None], Field(max_length=12)]


def tagItem(
    code: Annotated[Union[str, int, None], Field(max_length=3)],
    label: Label,
    codes: Annotated[Union[list[str], str, None], Field(max_length=2)] = None,
):
    "Tags an item with a code, or several."
