from typing import Optional

from typing_extensions import TypedDict


class User(TypedDict):
    id: int
    name: str


class UserPage(TypedDict):
    items: list[User]
    total: int
    next: Optional[str]


def importUsers(page: UserPage):
    "Imports one page of users."
