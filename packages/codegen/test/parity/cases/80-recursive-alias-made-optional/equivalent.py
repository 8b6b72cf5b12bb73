from typing import Optional, Union

from typing_extensions import NotRequired, TypeAliasType, TypedDict

Reminder = TypeAliasType("Reminder", Union["ReminderAt", str])


class ReminderAt(TypedDict):
    "A reminder at a time, with the reminders that repeat it."
    at: str
    repeat: list[Reminder]


class Task(TypedDict):
    title: str
    reminder: NotRequired[Reminder]
    backup: Optional[Reminder]
    history: NotRequired[list[Reminder]]


def remind(taskId: str, reminder: Optional[Reminder] = None):
    "Sets a task's reminder, or clears it."


def saveTask(task: Task, fallback: Optional[Reminder] = None, after: Union[float, Reminder] = 0):
    "Saves a task, with a fallback reminder."
