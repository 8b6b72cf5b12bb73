from typing import Optional, Union

from typing_extensions import NotRequired, TypeAliasType, TypedDict


class Branch(TypedDict):
    label: str
    children: list["Tree"]
    graftedOnto: NotRequired["Tree"]
    parent: Optional["Tree"]


Tree = TypeAliasType("Tree", Union[str, Branch])


class Forest(TypedDict):
    root: Branch
    spare: NotRequired[Tree]


class Link(TypedDict):
    weight: float
    next: NotRequired["Chain"]


Chain = TypeAliasType("Chain", Union[float, Link])


class Shell(TypedDict):
    inner: Optional["Nest"]


Nest = TypeAliasType("Nest", Union[bool, Shell])


def graft(branch: Branch, onto: Tree):
    "Grafts a branch onto a tree."


def plant(forest: Forest):
    "Plants a forest."


def link(first: Link, shell: Shell, chain: Chain, nest: Nest):
    "Links a chain to a shell, reading the interfaces before their aliases."
