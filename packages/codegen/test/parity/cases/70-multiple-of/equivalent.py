from typing import Optional

from typing_extensions import Annotated, NotRequired, TypedDict
from pydantic import Field


class Order(TypedDict):
    units: Annotated[int, Field(description="Units, in packs of six.", multiple_of=6, ge=6)]
    weight: NotRequired[Annotated[float, Field(multiple_of=0.25)]]


def order(
    quantity: Annotated[int, Field(description="How many, in dozens.", multiple_of=12)],
    price: Annotated[float, Field(multiple_of=0.5, le=10)] = 1.5,
    discount: Optional[Annotated[int, Field(multiple_of=5)]] = None,
    details: Optional[Order] = None,
):
    "Places an order."
