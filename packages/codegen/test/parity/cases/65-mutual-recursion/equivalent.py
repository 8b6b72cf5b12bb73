from typing import Optional

from typing_extensions import TypedDict


class Folder(TypedDict):
    name: str
    files: list["Document"]
    parent: Optional["Folder"]


class Document(TypedDict):
    title: str
    folder: Folder


def archive(doc: Document):
    "Archives a document."
