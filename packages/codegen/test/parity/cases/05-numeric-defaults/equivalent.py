def shift(position: float, delta: float = -2.5, floor: int = -10, origin: float = 0, limit: float = 1000000):
    "Shifts a position."
