def _twice(x: float):
    return x * 2


def double(x: float):
    "Doubles a number."


def half(x: float):
    "Halves a number."


def negate(x: float):
    pass


def echo(value: str):
    pass
