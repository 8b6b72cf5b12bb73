from typing import Generic, Optional, TypeVar, Union

from typing_extensions import TypeAliasType, TypedDict

T = TypeVar("T")

Json = TypeAliasType("Json", Union[str, list["Json"]])


class Box(TypedDict, Generic[T]):
    value: T
    maybe: Optional[T]
    more: Union[T, float]
    keyed: dict[str, Optional[T]]
    pair: tuple[Optional[T], float]


def box(boxed: Box[Json]):
    """Boxes a JSON-like value."""
