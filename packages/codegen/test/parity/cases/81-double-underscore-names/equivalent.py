from typing import Annotated

from pydantic import Field
from typing_extensions import NotRequired, TypedDict

# The functional form: a class body would mangle the `__` names.
Message = TypedDict("Message", {"id": str, "__meta": str, "body": NotRequired[str], "__dunder__": float})
Envelope = TypedDict(
    "Envelope",
    {
        "to": NotRequired[Annotated[str, Field(default="")]],
        "__trace": NotRequired[Annotated[str, Field(default="")]],
        "from": NotRequired[Annotated[str, Field(default="")]],
    },
)
Draft = TypedDict("Draft", {"id": str, "__meta": str, "body": str, "__dunder__": float}, total=False)
Headers = TypedDict("Headers", {"id": str, "__meta": str, "__dunder__": float})
Picked = TypedDict("Picked", {"id": str, "__meta": str, "body": NotRequired[str]})


def send(message: Message, envelope: Envelope, draft: Draft, headers: Headers, picked: Picked):
    "Sends a message in its envelope."
