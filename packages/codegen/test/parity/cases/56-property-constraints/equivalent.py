from collections.abc import Sequence
from typing import Annotated

from pydantic import Field
from typing_extensions import NotRequired, TypedDict


class Product(TypedDict):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    price: Annotated[float, Field(gt=0)]
    stock: Annotated[int, Field(ge=0, le=1000)]
    sku: Annotated[str, Field(pattern=r"^[A-Z]{3}-[0-9]{3}$")]
    tags: Annotated[list[str], Field(min_length=1, max_length=5)]
    homepage: NotRequired[Annotated[str, Field(json_schema_extra={"format": "uri"})]]
    categories: Sequence[str]


def addProduct(product: Product):
    "Adds a product to the catalogue."
