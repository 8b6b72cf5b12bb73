from enum import Enum
from typing import Annotated, Optional

from pydantic import Field
from typing_extensions import NotRequired, TypedDict


class Recipient(TypedDict):
    email: str
    name: NotRequired[str]


class Channel(Enum):
    Email = "email"
    Sms = "sms"


def notify(
    to: Annotated[Recipient, Field(description="Who gets the notification.")],
    cc: Annotated[Optional[Recipient], Field(description="Someone to copy, if anyone.")],
    channel: Annotated[Channel, Field(description="How to deliver it.")] = Channel.Email,
    fallback: Annotated[Optional[Recipient], Field(description="A second recipient when the first is unreachable.")] = None,
):
    "Notifies a recipient."
