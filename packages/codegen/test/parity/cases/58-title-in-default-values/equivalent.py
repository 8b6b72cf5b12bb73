from typing import Annotated, Optional

from pydantic import Field
from typing_extensions import TypedDict


class Book(TypedDict):
    title: str
    pages: int


def shelveBook(
    book: Book = {"title": "Dune", "pages": 412},
    sample: Annotated[Optional[Book], Field(examples=[{"title": "Emma", "pages": 474}])] = None,
    titles: list[str] = ["title"],
):
    "Shelves a book; the openai style keeps the data key called title."
