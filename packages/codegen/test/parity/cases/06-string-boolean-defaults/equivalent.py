def join(words: list[str], separator: str = ", ", upper: bool = False, trim: bool = True, suffix: str = ""):
    "Joins words."
