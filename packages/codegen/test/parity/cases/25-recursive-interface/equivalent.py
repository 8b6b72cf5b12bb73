from typing_extensions import NotRequired, TypedDict


class TreeNode(TypedDict):
    value: str
    children: list["TreeNode"]
    parent: NotRequired["TreeNode"]


def countNodes(root: TreeNode):
    "Counts the nodes of a tree."
