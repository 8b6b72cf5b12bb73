from typing import Annotated, Optional

from pydantic import Field


def registerUser(
    username: Annotated[str, Field(min_length=3, max_length=20, pattern=r"^[a-z0-9_]+$")],
    email: Annotated[str, Field(json_schema_extra={"format": "email"})],
    voucher: Annotated[str, Field(pattern=r"^[A-Z]{2}-\d{4}$")],
    birthday: Annotated[str, Field(json_schema_extra={"format": "date"})] = "2000-01-01",
    bio: Annotated[Optional[str], Field(max_length=140)] = None,
):
    "Registers a user account."
