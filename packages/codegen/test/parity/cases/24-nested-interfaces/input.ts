import type { Int } from "@toolsmith/runtime";

export interface Address {
  street: string;
  city: string;
  zip?: string;
}

export interface Customer {
  name: string;
  billing: Address;
}

export interface LineItem {
  sku: string;
  quantity: Int;
  price: number;
}

export interface Order {
  id: string;
  customer: Customer;
  lines: LineItem[];
  shipping?: Address;
  notes: string | null;
}

/** Places an order. */
export function placeOrder(order: Order, dryRun: boolean = false): string {
  return dryRun ? "dry" : order.id;
}
