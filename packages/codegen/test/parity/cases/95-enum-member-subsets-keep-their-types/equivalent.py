from enum import Enum
from typing import Literal, Optional


class Scale(Enum):
    Half = 1.5
    Two = 2
    Three = 3


def pick(
    mixed: Literal[Scale.Half, Scale.Two],
    whole: Literal[Scale.Two, Scale.Three],
    written: Literal[0.5, 2.0],
    maybe: Optional[Literal[Scale.Three, Scale.Half]] = None,
):
    """Picks a scale."""
