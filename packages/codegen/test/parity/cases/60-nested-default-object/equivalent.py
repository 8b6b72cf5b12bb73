from typing_extensions import TypedDict


class Margins(TypedDict):
    top: int
    left: int


class Layout(TypedDict):
    width: int
    margins: Margins


def printDocument(
    text: str,
    layout: Layout = {"width": 80, "margins": {"top": 2, "left": 4}},
    stops: list[Margins] = [{"top": 1, "left": 0}],
):
    "Prints a document with a page layout (pydantic sorts the keys of objects nested inside a default)."
