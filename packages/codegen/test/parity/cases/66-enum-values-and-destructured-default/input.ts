export enum HttpStatus {
  NotFound = 404,
  Gone = 410,
  Teapot = 418,
}

export enum Region {
  EuropeWest = "eu-west-1",
  UsEast = "us-east-1",
}

export interface ErrorPageOptions {
  status: HttpStatus;
  region?: Region;
  retryAfter?: number;
}

/** Serves an error page. */
export function serveErrorPage({ status, region = Region.EuropeWest, retryAfter }: ErrorPageOptions): string {
  return `${status} ${region} ${retryAfter ?? 0}`;
}
