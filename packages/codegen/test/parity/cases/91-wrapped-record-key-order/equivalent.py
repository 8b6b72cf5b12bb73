from typing_extensions import TypedDict


class Draft(TypedDict, total=False):
    title: str
    body: str


class Post(TypedDict):
    title: str
    body: str
    published: bool


class Page(TypedDict):
    title: str
    body: str
    views: float


class NoBeta(TypedDict):
    zeta: float
    alpha: float


class Ends(TypedDict):
    zeta: float
    alpha: float


def publish(draft: Draft, post: Post, page: Page, noBeta: NoBeta, ends: Ends):
    "Publishes a draft."
