from typing import Generic, Literal, Optional, TypeVar, Union

from typing_extensions import NotRequired, TypedDict

T = TypeVar("T")


class Box(TypedDict, Generic[T]):
    value: T
    other: Optional[T]
    either: Union[T, float]
    maybe: NotRequired[T]


class Outer(TypedDict, Generic[T]):
    inner: Box[T]
    many: list[Box[T]]
    listed: Box[list[T]]


def first(mode: Literal["a", "b"], side: Literal["x", "y"]):
    """Makes the union in value order first."""


def boxed(box: Box[Literal["b", "a"]]):
    """Boxes the union as written."""


def nested(outer: Outer[Literal["y", "x"]]):
    """Boxes it inside another generic."""
