from datetime import datetime

from typing_extensions import NotRequired, TypedDict


class Named(TypedDict):
    name: str


class Timestamps(TypedDict):
    createdAt: datetime
    updatedAt: NotRequired[datetime]


class Note(Timestamps):
    text: str
    pinned: NotRequired[bool]


class Label(Named, Timestamps):
    pass


def saveNote(note: Note, label: Label):
    "Saves a note under a label."
