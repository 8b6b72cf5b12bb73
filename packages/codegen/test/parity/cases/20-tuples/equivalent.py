def move(start: tuple[float, float], end: tuple[float, float], tag: tuple[int, str, bool]):
    "Moves a piece on the board."
