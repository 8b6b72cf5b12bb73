import type { Int } from "@toolsmith/runtime";

export interface Contact {
  name: string;
  email?: string;
  age?: Int;
  tags?: string[];
  phone: string | null;
}

/** Adds a contact to the address book. */
export function addContact(contact: Contact): string {
  return contact.name;
}
