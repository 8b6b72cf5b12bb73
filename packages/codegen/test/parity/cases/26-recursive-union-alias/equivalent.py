from typing import Union

from typing_extensions import TypeAliasType

Json = TypeAliasType("Json", Union[str, float, bool, None, list["Json"], dict[str, "Json"]])


def putValue(key: str, value: Json):
    "Stores a JSON value under a key."
