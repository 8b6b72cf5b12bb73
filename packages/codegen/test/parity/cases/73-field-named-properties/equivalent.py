from datetime import datetime
from typing import Literal, Optional

from typing_extensions import Annotated, NotRequired, TypedDict
from pydantic import Field


class Meta(TypedDict):
    properties: Annotated[list[int], Field(description="The properties.")]
    default: NotRequired[str]
    kind: Literal["a", "b"]


def setProperties(properties: dict[str, str]):
    "Sets properties."


def countProperties(properties: Annotated[int, Field(description="How many properties at least.", ge=1)] = 5):
    "Counts properties."


def listProperties(properties: Optional[list[str]] = None, sort: Literal["asc", "desc"] = "asc"):
    "Lists properties."


def describe(when: datetime, meta: Meta, properties: Literal["all", "some"] = "all"):
    "Describes."
