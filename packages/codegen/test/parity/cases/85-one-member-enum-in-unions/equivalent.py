from enum import Enum
from typing import Literal, Optional, Union

from typing_extensions import TypeAliasType


class Region(Enum):
    EuropeWest = "europe-west"


class Tier(Enum):
    Free = "free"
    Pro = "pro"


Placement = TypeAliasType("Placement", Union[Region, list["Placement"]])


def deploy(
    region: Region,
    fallback: Optional[Region],
    placement: Placement,
    tier: Union[Tier, Region] = Tier.Free,
    exact: Optional[Literal[Region.EuropeWest]] = None,
):
    "Deploys to a region (there is one so far)."
