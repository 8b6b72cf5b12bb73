from typing import Literal, Optional

from typing_extensions import Annotated, NotRequired, TypedDict
from pydantic import Field


class Zoom(TypedDict):
    level: Annotated[Literal[1.0, 1.5, 3.0], Field(description="The zoom level.")]
    steps: NotRequired[list[Literal[0.5, 2.0]]]


def scale(
    factor: Literal[0.5, 1.0, 2.0],
    step: Optional[Literal[0.25, 1.0]] = None,
    mix: Literal[1.0, 2.5, "auto"] = "auto",
    whole: Literal[1, 2] = 1,
):
    "Scales an image."


def zoom(z: Zoom, levels: Optional[list[Literal[1.0, 1.25]]] = None):
    "Zooms."
