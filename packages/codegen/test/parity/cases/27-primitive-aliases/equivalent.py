from typing import Literal, Optional, Union

UserId = str
Count = int
Tags = list[str]
Mode = Literal["on", "off"]
IdOrCount = Union[UserId, Count]
MaybeName = Optional[str]


def tagUser(id: UserId, count: Count, tags: Tags, ref: IdOrCount, nickname: MaybeName, mode: Mode = "on"):
    "Tags a user."
