from datetime import datetime
from typing import Any, Generic, Literal, Optional, TypeVar, Union

from typing_extensions import TypedDict

T = TypeVar("T")
A = TypeVar("A")
B = TypeVar("B")


class User(TypedDict):
    id: int


class Page(TypedDict, Generic[T]):
    items: list[T]
    cursor: Optional[str]


class Pair(TypedDict, Generic[A, B]):
    first: A
    second: B


def pages(
    a: Page[User],
    b: Page[int],
    c: Page[str],
    d: Page[float],
    e: Page[Optional[User]],
    f: Page[list[str]],
    g: Page[bool],
    h: Page[dict[str, int]],
    i: Page[Literal["asc", "desc"]],
    j: Page[Page[int]],
):
    "Pages of several kinds."


def pairs(
    p: Pair[Union[str, float], Optional[list[int]]],
    q: Pair[datetime, tuple[int, str]],
    r: Pair[dict[str, Any], Optional[dict[str, Any]]],
):
    "Pairs."
