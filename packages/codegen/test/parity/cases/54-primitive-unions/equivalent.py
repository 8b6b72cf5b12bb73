from typing import Literal, Optional, Union


def setConfig(key: str, value: Union[str, int], amount: Optional[Union[float, str]], mode: Union[bool, Literal["auto"]] = "auto"):
    "Sets a configuration value."
