import type { IrType } from "./types.js";

/** `T | null`: the type an optional parameter's schema has (`p?: T` is pydantic's `Optional[T] = None`). */
export function nullable(type: IrType): IrType {
  if (type.kind === "null") return type;
  if (type.kind === "union") {
    return type.members.some((member) => member.kind === "null") ? type : { kind: "union", members: [...type.members, { kind: "null" }] };
  }
  return { kind: "union", members: [type, { kind: "null" }] };
}
