def sums(a: int, b: int = 1):
    "Adds a + b"
    return a + b
