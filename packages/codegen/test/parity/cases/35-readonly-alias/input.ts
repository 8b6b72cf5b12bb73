export interface Coord {
  lat: number;
  lon: number;
  label?: string;
}

export type FrozenCoord = Readonly<Coord>;

/** Pins a coordinate on the map. */
export function pinCoord(coord: FrozenCoord): string {
  return `${coord.lat},${coord.lon}`;
}
