from typing import Literal


def pin(kind: Literal["exact"], locked: Literal[True], major: Literal[2], label: Literal["pinned"] = "pinned"):
    "Pins a dependency."
