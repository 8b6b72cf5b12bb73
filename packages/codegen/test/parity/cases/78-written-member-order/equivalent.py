from typing import Generic, Literal, TypeVar

from typing_extensions import TypedDict

# A union's members keep the order the source writes them in, followed through `keyof` (the interface's
# fields, base first, as its schema lists them), indexed access, utility types and aliases - not the
# order an earlier function happened to name them in.


def touch(
    states: Literal["blocked", "done", "open"],
    fields: Literal["roles", "name", "beta", "id"],
    size: Literal[2, 1, 30],
    values: Literal["xl", "m", "s", "green", "blue", "red", -1, 2, 3],
):
    "Names User's fields and Status's values in other orders first (TypeScript 6 would keep those)."


def pickField(key: Literal["id", "name", "roles", "beta"], role: Literal["guest", "admin"]):
    "Picks a field."


def filterStatus(active: Literal["open", "blocked"], present: Literal["open", "done", "blocked"], letter: Literal["b", "a", "c"], size: Literal[30, 1, 2]):
    "Filters by status."


def paint(size: Literal["s", "xl", "m"], color: Literal["red", "blue", "green"], colorName: Literal["Red", "Blue", "Green"], code: Literal[3, -1, 2]):
    "Paints with values from `as const` declarations."


T = TypeVar("T")


class Tree(TypedDict, Generic[T]):
    value: T
    children: list["Tree[T]"]


def trees(tree: Tree[Literal["b", "a"]], sized: Tree[Literal["s", "xl", "m"]]):
    "Trees of literal values: the argument's order names the definition and orders its members."
