from typing import Optional

from typing_extensions import Annotated, NotRequired, TypedDict
from pydantic import Field


class Retry(TypedDict):
    attempts: int


class UploadOptions(TypedDict):
    chunkSize: NotRequired[Annotated[int, Field(description="Bytes per chunk.")]]
    retry: NotRequired[Retry]


# `onProgress`, `locale` (an object of methods) and `onDone` hold functions: the model cannot send them,
# so the equivalent function does not take them.
def upload(path: str, options: Optional[UploadOptions] = None, tag: str = "x"):
    "Uploads a file; optional callbacks cannot come from a model and are left out."
