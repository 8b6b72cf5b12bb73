export interface Folder {
  name: string;
  files: Document[];
  parent: Folder | null;
}

export interface Document {
  title: string;
  folder: Folder;
}

/** Archives a document. */
export function archive(doc: Document): string {
  return `${doc.folder.name}/${doc.title}`;
}
