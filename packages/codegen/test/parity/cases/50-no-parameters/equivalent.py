def now():
    "Returns the current time as an ISO string."
