from typing_extensions import NotRequired, TypedDict


class FrozenCoord(TypedDict):
    lat: float
    lon: float
    label: NotRequired[str]


def pinCoord(coord: FrozenCoord):
    "Pins a coordinate on the map."
