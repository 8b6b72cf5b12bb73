from typing_extensions import NotRequired, TypedDict


class Brief(TypedDict):
    id: int
    zip: NotRequired[str]
    name: str


class _CompleteBase(TypedDict):
    id: int
    zip: str
    name: str
    email: str


class Complete(_CompleteBase):
    note: str


class Editable(TypedDict):
    zip: NotRequired[str]
    name: NotRequired[str]
    email: NotRequired[str]
    age: NotRequired[int]


class Summary(TypedDict):
    id: int
    zip: NotRequired[str]
    name: str
    age: NotRequired[int]


def save(summary: Summary, brief: Brief, edit: Editable, complete: Complete):
    "Saves user views."
