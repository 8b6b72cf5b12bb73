from datetime import datetime
from typing import Optional


def schedule(at: datetime, until: Optional[datetime], remindAt: Optional[datetime] = None, history: list[datetime] = []):
    "Schedules a reminder."
