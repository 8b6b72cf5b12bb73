from typing import Annotated

from pydantic import Field


async def sendMessage(
    channel: Annotated[str, Field(description="The channel name, without '#'.")],
    text: Annotated[str, Field(description="The message body.")],
    retries: Annotated[int, Field(description="How often to retry on failure.")] = 2,
):
    "Sends a message to a channel."
