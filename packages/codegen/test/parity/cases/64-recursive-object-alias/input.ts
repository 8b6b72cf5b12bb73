/** A menu entry and its sub-entries. */
export type MenuItem = {
  label: string;
  children?: MenuItem[];
};

/** Renders a menu. */
export function renderMenu(items: MenuItem[]): string {
  return items.map((item) => item.label).join();
}
