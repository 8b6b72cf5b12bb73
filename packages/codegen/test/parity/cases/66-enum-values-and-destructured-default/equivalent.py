from enum import Enum
from typing import Optional


class HttpStatus(Enum):
    NotFound = 404
    Gone = 410
    Teapot = 418


class Region(Enum):
    EuropeWest = "eu-west-1"
    UsEast = "us-east-1"


def serveErrorPage(status: HttpStatus, region: Region = Region.EuropeWest, retryAfter: Optional[float] = None):
    "Serves an error page."
