from typing import Optional, Union

from typing_extensions import TypeAliasType

Json = TypeAliasType("Json", dict[str, Union["Json", float]])
Tree = TypeAliasType("Tree", dict[str, "Tree"])
Nested = TypeAliasType("Nested", list["Nested"])
Chain = TypeAliasType("Chain", tuple[Optional["Chain"], float])
Flags = TypeAliasType("Flags", dict[str, Union["Flags", bool]])


def record(data: Json):
    """An index signature that holds itself."""


def tree(tree: Tree, again: Optional[Tree]):
    """An interface of only an index signature, holding itself, also behind `| null`."""


def lists(nested: Nested, chain: Chain):
    """An array and a tuple that hold themselves."""


def flags(flags: Flags, many: list[Flags]):
    """An interface that extends a record holding itself, also in an array."""
