/**
 * The two tools the dispatch benchmark calls: the seed's `sums` (a small argument object) and an order
 * with a nested customer, address and lines (a nested argument object). Plain exported functions, as a
 * user writes them; their schemas come from our codegen.
 */
import type { Int } from "@toolsmith/runtime";

/** How urgent an order is. */
export enum Priority {
  Low = 1,
  Medium = 2,
  High = 3,
}

/** A point on the globe. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** A postal address. */
export interface Address {
  street: string;
  city: string;
  zip?: string;
  country: string;
  geo: GeoPoint | null;
}

/** A customer of the shop. */
export interface Customer {
  id: Int;
  name: string;
  email: string;
  address: Address;
  tags: string[];
}

/** One line of an order. */
export interface OrderLine {
  sku: string;
  quantity: Int;
  unitPrice: number;
  note?: string;
}

/** What placing an order returns. */
export interface OrderReceipt {
  orderId: string;
  total: number;
  items: Int;
}

/**
 * Adds a + b
 */
export function sums(a: Int, b: Int = 1): number {
  return a + b;
}

/**
 * Places an order for a customer.
 *
 * @param customer Who orders.
 * @param lines What they order.
 * @param priority How urgent the order is.
 * @param note A note for the warehouse.
 */
export function createOrder(customer: Customer, lines: OrderLine[], priority: Priority = Priority.Medium, note?: string): OrderReceipt {
  let total = 0;
  let items = 0;
  for (const line of lines) {
    total += line.quantity * line.unitPrice;
    items += line.quantity;
  }
  const suffix = note === undefined || note === null ? "" : "-n";
  return { orderId: `${customer.id}-${priority}-${lines.length}${suffix}`, total, items };
}
