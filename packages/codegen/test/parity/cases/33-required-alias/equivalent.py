from typing_extensions import NotRequired, TypedDict


class FullSettings(TypedDict):
    theme: str
    fontSize: int
    wrap: bool


class Settings(TypedDict):
    theme: NotRequired[str]
    fontSize: NotRequired[int]
    wrap: bool


def replaceSettings(settings: FullSettings, previous: Settings):
    "Replaces all settings at once."
