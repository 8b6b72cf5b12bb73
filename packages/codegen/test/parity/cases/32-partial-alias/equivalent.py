from typing_extensions import NotRequired, TypedDict


class SettingsPatch(TypedDict):
    theme: NotRequired[str]
    fontSize: NotRequired[int]
    wrap: NotRequired[bool]


def updateSettings(patch: SettingsPatch):
    "Updates some settings; absent fields keep their value."
