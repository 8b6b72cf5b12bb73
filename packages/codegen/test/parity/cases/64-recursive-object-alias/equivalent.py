from typing_extensions import NotRequired, TypedDict


class MenuItem(TypedDict):
    "A menu entry and its sub-entries."
    label: str
    children: NotRequired[list["MenuItem"]]


def renderMenu(items: list[MenuItem]):
    "Renders a menu."
