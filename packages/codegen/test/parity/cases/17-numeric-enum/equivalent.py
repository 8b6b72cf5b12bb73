from enum import Enum


class Priority(Enum):
    Low = 1
    Medium = 2
    High = 3


class Level(Enum):
    Debug = 0
    Info = 1
    Warn = 2


def fileTicket(title: str, level: Level, priority: Priority = Priority.Medium):
    "Files a ticket."
