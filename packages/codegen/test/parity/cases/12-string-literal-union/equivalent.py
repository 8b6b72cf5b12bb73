from typing import Literal


def setMode(mode: Literal["fast", "slow", "auto"], unit: Literal["ms", "s"] = "ms"):
    "Sets the speed mode."
