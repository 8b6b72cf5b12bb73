def matmul(left: list[list[float]], right: list[list[float]], shape: list[list[list[int]]]):
    "Multiplies two matrices."
