from typing import Optional

from typing_extensions import NotRequired, TypedDict


class Address(TypedDict):
    street: str
    city: str
    zip: NotRequired[str]


class Customer(TypedDict):
    name: str
    billing: Address


class LineItem(TypedDict):
    sku: str
    quantity: int
    price: float


class Order(TypedDict):
    id: str
    customer: Customer
    lines: list[LineItem]
    shipping: NotRequired[Address]
    notes: Optional[str]


def placeOrder(order: Order, dryRun: bool = False):
    "Places an order."
