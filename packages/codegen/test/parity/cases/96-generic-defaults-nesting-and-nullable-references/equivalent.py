from typing import Generic, Literal, Optional, Union

from typing_extensions import TypedDict, TypeVar

T = TypeVar("T")
U = TypeVar("U")
D = TypeVar("D", default=str)
L = TypeVar("L", default=Literal["n", "m"])


class Box(TypedDict, Generic[D]):
    value: D


class Pair(TypedDict, Generic[T, U]):
    a: T
    b: U


class Labeled(TypedDict, Generic[T, L]):
    item: T
    label: Optional[L]


class Holder(TypedDict, Generic[T]):
    next: Union[T, float]


class Outer(TypedDict, Generic[T]):
    deep: Optional[Holder[T]]


def first(a: Literal["x", "y"], b: Literal["m", "n"]):
    """Makes the unions in value order first."""


def boxes(bare: Box, given: Box[str], nested: Box[Pair[str, float]], labeled: Labeled[Literal["q", "p"]], outer: Outer[Literal["y", "x"]]):
    """Boxes in every way."""
