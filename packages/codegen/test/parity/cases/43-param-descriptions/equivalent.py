from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field


def bookFlight(
    origin: Annotated[str, Field(description="IATA code of the departure airport.")],
    destination: Annotated[str, Field(description="IATA code of the arrival airport.")],
    date: datetime,
    passengers: Annotated[int, Field(description="How many people travel.")] = 1,
    cabin: Annotated[Literal["economy", "business"], Field(description="Cabin class.")] = "economy",
):
    "Books a flight."
