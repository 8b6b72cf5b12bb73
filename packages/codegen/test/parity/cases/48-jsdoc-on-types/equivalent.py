from enum import Enum
from typing import Annotated, Optional

from pydantic import Field
from typing_extensions import NotRequired, TypedDict


class Address(TypedDict):
    "A postal address."
    street: Annotated[str, Field(description="Street and number.")]
    city: str


class Point(TypedDict):
    "A point on a plane."
    x: Annotated[float, Field(description="Distance from the left edge.")]
    y: float


class Urgency(Enum):
    "How urgent a task is."
    Low = "low"
    High = "high"


class Task(TypedDict):
    "Something to do."
    summary: Annotated[str, Field(description="What to do.")]
    place: Annotated[Address, Field(description="Where it happens.")]
    alternate: Annotated[Optional[Address], Field(description="Where it happens when the place is closed.")]
    urgency: Annotated[Urgency, Field(description="How soon it must be done.")]
    anchor: NotRequired[Point]


def addTask(task: Task):
    "Adds a task to the list."
