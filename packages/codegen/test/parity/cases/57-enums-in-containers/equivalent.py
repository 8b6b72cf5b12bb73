from enum import Enum

from typing_extensions import NotRequired, TypedDict


class Weekday(Enum):
    Mon = "mon"
    Tue = "tue"
    Wed = "wed"


class Shift(Enum):
    Early = 1
    Late = 2


class Roster(TypedDict):
    days: list[Weekday]
    shifts: dict[str, Shift]
    favourite: NotRequired[Weekday]


def planRoster(roster: Roster, skip: list[Weekday] = [Weekday.Wed], shift: Shift = Shift.Late):
    "Plans a roster."
