export interface Named {
  name: string;
}

export interface Timestamps {
  createdAt: Date;
  updatedAt?: Date;
}

export type Note = Timestamps & { text: string; pinned?: boolean };

export type Label = Named & Timestamps;

/** Saves a note under a label. */
export function saveNote(note: Note, label: Label): string {
  return `${label.name}: ${note.text}`;
}
