def scale(value: float, factor: float, digits: int):
    "Scales a value by a factor, then rounds it to a number of digits."
