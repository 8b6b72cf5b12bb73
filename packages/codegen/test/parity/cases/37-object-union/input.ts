export interface Circle {
  kind: "circle";
  radius: number;
}

export interface Square {
  kind: "square";
  side: number;
}

/** Draws a shape, optionally inside a frame shape. */
export function drawShape(shape: Circle | Square, frame: Square | Circle | null = null): string {
  return `${shape.kind} ${frame?.kind ?? "none"}`;
}
