export enum Region {
  EuropeWest = "europe-west",
}

export enum Tier {
  Free = "free",
  Pro = "pro",
}

export type Placement = Region | Placement[];

/** Deploys to a region (there is one so far). */
export function deploy(region: Region, fallback: Region | null, placement: Placement, tier: Tier | Region = Tier.Free, exact: Region.EuropeWest | null = null): string {
  return `${region}:${fallback}:${JSON.stringify(placement)}:${tier}:${exact}`;
}
