from typing import Annotated

from pydantic import Field


async def delayedEcho(text: str, ms: Annotated[int, Field(description="How long to wait, in milliseconds.")] = 100):
    "Waits, then answers."
