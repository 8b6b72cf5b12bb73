import type { Int } from "@toolsmith/runtime";

export interface ListRequest {
  maxResults: Int;
  page2Token?: string;
  sort_order: string;
  HTTPStatus: Int;
  isURL: boolean;
  title: string;
}

/** Lists items; note the property called title. */
export function listItems(
  request: ListRequest,
  maxResults: Int,
  page2Token: string | null,
  snake_case_name: string,
  title: string,
  x2y: number,
): string {
  return `${request.title} ${maxResults} ${page2Token} ${snake_case_name} ${title} ${x2y}`;
}
