from typing import Union

from typing_extensions import NotRequired, TypeAliasType, TypedDict


class Branch(TypedDict):
    label: str
    children: list["Tree"]


Tree = TypeAliasType("Tree", Union[str, Branch])


class Forest(TypedDict):
    root: Branch
    spare: NotRequired[Tree]


def graft(branch: Branch, onto: Tree):
    "Grafts a branch onto a tree."


def plant(forest: Forest):
    "Plants a forest."
