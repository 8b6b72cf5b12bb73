from collections.abc import Sequence


def summarise(
    values: list[float],
    counts: list[int],
    names: Sequence[str],
    labels: Sequence[str],
    flags: list[bool] = [True, False],
):
    "Summarises some measurements."
