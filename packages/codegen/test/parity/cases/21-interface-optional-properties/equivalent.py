from typing import Optional

from typing_extensions import NotRequired, TypedDict


class Contact(TypedDict):
    name: str
    email: NotRequired[str]
    age: NotRequired[int]
    tags: NotRequired[list[str]]
    phone: Optional[str]


def addContact(contact: Contact):
    "Adds a contact to the address book."
