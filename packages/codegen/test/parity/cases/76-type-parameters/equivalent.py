from datetime import datetime
from typing import Literal, Optional

from typing_extensions import TypeVar

# A constrained TS type parameter accepts every value of its constraint, whatever its default (which only
# matters when TypeScript cannot infer it): the equivalent TypeVar has the bound alone.
D = TypeVar("D", bound=datetime)
K = TypeVar("K", bound=str)
N = TypeVar("N", default=int)
T = TypeVar("T")
F = TypeVar("F", bound=Literal["name", "age"])


def formatDate(date: D, pattern: str = "yyyy-MM-dd"):
    "Formats a date."


def pickKeys(keys: list[K], first: K, count: Optional[N] = None):
    "Picks keys."


def wrap(value: T, fallback: Optional[T] = None):
    "Wraps anything."


def sortBy(field: F, descending: bool = False):
    "Sorts by a field."
