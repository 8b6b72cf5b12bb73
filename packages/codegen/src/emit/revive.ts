/**
 * IR -> the runtime's revive plan: where a tool's arguments hold a TypeScript `Date` (a date-time string in
 * the schema), so the runtime hands the function a real Date, as pydantic hands Python a datetime. The plan
 * mirrors the structure `emitParameters` gives the schema (the same `anyOf`s, `$ref`s and nesting), and only
 * the parts that lead to a Date; a `string` with `@format date-time` is not a Date and stays a string.
 */
import type { RevivePlan } from "@toolsmith/runtime";
import type { IrDefinition, IrFunction, IrObject, IrType } from "../ir/types.js";

type Definitions = { readonly [name: string]: IrDefinition };

/** The plan for a function's parameters, or undefined when no parameter holds a Date anywhere. */
export function revivePlan(fn: IrFunction): RevivePlan | undefined {
  const builder = new PlanBuilder(fn.definitions);
  const properties: { [name: string]: RevivePlan } = {};
  for (const param of fn.params) {
    if (param.dropped) continue;
    // D2: an optional parameter's schema is `anyOf [T, null]`, as emitParameters writes it.
    const plan = builder.type(param.optional ? nullable(param.type) : param.type);
    if (plan) properties[param.name] = plan;
  }
  if (Object.keys(properties).length === 0) return undefined;
  const defs = builder.definitions();
  return { properties, ...(defs ? { $defs: defs } : {}) };
}

class PlanBuilder {
  private readonly withDates: ReadonlySet<string>;
  private readonly plans = new Map<string, RevivePlan | undefined>();

  constructor(private readonly irDefinitions: Definitions) {
    this.withDates = definitionsWithDates(irDefinitions);
  }

  /** Plans of the definitions referred to, in the order first needed. */
  definitions(): { [name: string]: RevivePlan } | undefined {
    const out: { [name: string]: RevivePlan } = {};
    for (const [name, plan] of this.plans) if (plan) out[name] = plan;
    return Object.keys(out).length ? out : undefined;
  }

  type(type: IrType): RevivePlan | undefined {
    switch (type.kind) {
      case "date":
        return { as: "date" };
      case "array": {
        const items = this.type(type.items);
        return items && { items };
      }
      case "tuple": {
        const members = type.elements.map((element) => this.type(element));
        const rest = type.rest && this.type(type.rest);
        if (!rest && members.every((m) => m === undefined)) return undefined;
        return {
          ...(members.some((m) => m !== undefined) ? { prefixItems: members.map((m) => m ?? {}) } : {}),
          ...(rest ? { items: rest } : {}),
        };
      }
      case "object":
        return this.object(type.object);
      case "union": {
        const branches = type.members.map((member) => this.type(member));
        return branches.some((b) => b !== undefined) ? { anyOf: branches.map((b) => b ?? {}) } : undefined;
      }
      case "ref":
        return this.ref(type.name);
      default:
        return undefined;
    }
  }

  private object(object: IrObject): RevivePlan | undefined {
    const properties: { [name: string]: RevivePlan } = {};
    for (const property of object.properties) {
      const plan = this.type(property.type);
      if (plan) properties[property.name] = plan;
    }
    const additional = object.additional && object.additional.kind !== "any" ? this.type(object.additional) : undefined;
    if (!additional && Object.keys(properties).length === 0) return undefined;
    return { ...(Object.keys(properties).length ? { properties } : {}), ...(additional ? { additionalProperties: additional } : {}) };
  }

  private ref(name: string): RevivePlan | undefined {
    if (!this.withDates.has(name)) return undefined;
    if (!this.plans.has(name)) {
      this.plans.set(name, undefined); // placeholder: a recursive reference finds it and stops here
      const definition = this.irDefinitions[name];
      this.plans.set(name, definition && this.body(definition));
    }
    return { $ref: `#/$defs/${name}` };
  }

  private body(definition: IrDefinition): RevivePlan | undefined {
    const body = definition.body;
    if (body.kind === "object") return this.object(body.object);
    if (body.kind === "alias") return this.type(body.type);
    return undefined;
  }
}

/** The definitions holding a Date, directly or through others (a fixpoint, so cycles are decided right). */
function definitionsWithDates(definitions: Definitions): Set<string> {
  const out = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, definition] of Object.entries(definitions)) {
      if (out.has(name)) continue;
      const body = definition.body;
      const types = body.kind === "object" ? objectTypes(body.object) : body.kind === "alias" ? [body.type] : [];
      if (types.some((type) => holdsDate(type, out))) {
        out.add(name);
        changed = true;
      }
    }
  }
  return out;
}

function objectTypes(object: IrObject): IrType[] {
  return [...object.properties.map((p) => p.type), ...(object.additional ? [object.additional] : [])];
}

function holdsDate(type: IrType, known: ReadonlySet<string>): boolean {
  switch (type.kind) {
    case "date":
      return true;
    case "array":
      return holdsDate(type.items, known);
    case "tuple":
      return type.elements.some((e) => holdsDate(e, known)) || (type.rest !== undefined && holdsDate(type.rest, known));
    case "object":
      return objectTypes(type.object).some((t) => holdsDate(t, known));
    case "union":
      return type.members.some((m) => holdsDate(m, known));
    case "ref":
      return known.has(type.name);
    default:
      return false;
  }
}

/** What emitParameters' `nullable` makes of an optional parameter's type. */
function nullable(type: IrType): IrType {
  if (type.kind === "any" || type.kind === "null") return type;
  if (type.kind === "union") {
    return type.members.some((member) => member.kind === "null") ? type : { kind: "union", members: [...type.members, { kind: "null" }] };
  }
  return { kind: "union", members: [type, { kind: "null" }] };
}
