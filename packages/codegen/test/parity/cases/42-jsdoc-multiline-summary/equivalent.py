from typing import Annotated, Literal

from pydantic import Field


def convertTemperature(value: Annotated[float, Field(description="the temperature to convert")], to: Literal["C", "F"]):
    """Converts a temperature between scales.
    Works for Celsius and Fahrenheit.

    The result is rounded to one decimal.
    """
