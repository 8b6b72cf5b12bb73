from dataclasses import dataclass
from typing import Annotated

from pydantic import Field


@dataclass
class Money:
    "An amount of money."
    amount: float
    currency: Annotated[str, Field(description="ISO 4217 code.")] = "USD"


def pay(m: Money):
    "Pays."
