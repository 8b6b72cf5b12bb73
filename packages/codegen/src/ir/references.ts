/**
 * The `$defs` names a definition refers to directly (its `ref` types, wherever they are nested): what
 * the reader's memo replays with it and what the emitter emits beside it.
 */
import type { IrDefinition, IrObject, IrType } from "./types.js";

export function referencedNames(definition: IrDefinition): string[] {
  const names: string[] = [];
  const visit = (type: IrType): void => {
    switch (type.kind) {
      case "ref":
        names.push(type.name);
        break;
      case "array":
        visit(type.items);
        break;
      case "tuple":
        type.elements.forEach(visit);
        if (type.rest) visit(type.rest);
        break;
      case "union":
        type.members.forEach(visit);
        break;
      case "object":
        visitObject(type.object);
        break;
    }
  };
  const visitObject = (object: IrObject): void => {
    for (const property of object.properties) visit(property.type);
    if (object.additional) visit(object.additional);
  };
  const body = definition.body;
  if (body.kind === "object") visitObject(body.object);
  else if (body.kind === "alias") visit(body.type);
  return names;
}
