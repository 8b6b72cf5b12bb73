from typing import Annotated

from pydantic import Field
from typing_extensions import TypedDict


class Point(TypedDict):
    """A point on a map.
      Given as latitude and longitude."""

    lat: Annotated[float, Field(description="Degrees north.\n  Negative in the south.")]
    lng: float


def near(point: Point, radius: float):
    """Finds places near a point.
      The radius is in kilometres.
        Results come nearest first."""


def tabs(text: str):
    """Tabs	are columns of eight."""
