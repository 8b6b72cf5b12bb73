from datetime import datetime
from typing import Annotated

from pydantic import Field
from typing_extensions import NotRequired, TypedDict


class Person(TypedDict):
    name: Annotated[str, Field(description="Full name, as printed on the badge.", min_length=1)]
    age: NotRequired[Annotated[int, Field(description="Age in years.", ge=0, le=150)]]
    joined: Annotated[datetime, Field(description="When the person joined.", examples=["2024-05-01T09:00:00Z"])]


def printBadge(person: Person):
    "Prints a badge for a person."
