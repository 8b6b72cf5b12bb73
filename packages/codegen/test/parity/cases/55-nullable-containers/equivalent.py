from typing import Optional


def updateProfile(
    tags: Optional[list[str]],
    scores: Optional[dict[str, float]],
    location: Optional[tuple[float, float]] = None,
    aliases: Optional[list[str]] = None,
):
    "Updates a profile; null clears a field."
