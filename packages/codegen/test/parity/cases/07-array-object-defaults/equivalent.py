from typing_extensions import TypedDict


class RenderOptions(TypedDict):
    verbose: bool
    depth: int


def render(
    tags: list[str] = ["daily", "ops"],
    weights: list[float] = [],
    options: RenderOptions = {"verbose": True, "depth": 2},
):
    "Renders a report."
