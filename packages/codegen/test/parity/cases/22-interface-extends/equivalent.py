from typing_extensions import NotRequired, TypedDict


class Entity(TypedDict):
    id: int


class User(Entity):
    name: str
    email: NotRequired[str]


class Admin(User):
    permissions: list[str]


def promote(admin: Admin, grantedBy: User):
    "Grants admin rights; records who granted them."
