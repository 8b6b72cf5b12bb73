from typing_extensions import NotRequired, TypedDict


class AccountRef(TypedDict):
    id: int
    name: str


class PublicAccount(TypedDict):
    id: int
    name: str
    email: str
    nickname: NotRequired[str]


def shareProfile(profile: PublicAccount, recipient: AccountRef):
    "Shares an account's public profile with another account."
