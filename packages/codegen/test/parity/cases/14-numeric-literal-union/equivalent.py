from typing import Literal


def roll(weight: Literal[0.25, 0.5, 0.75], sides: Literal[4, 6, 8, 20] = 6, bonus: Literal[-1, 0, 1] = 0):
    "Rolls a die."
