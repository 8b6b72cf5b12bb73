/**
 * The reader's table: the first handler whose `matches` accepts a type reads it. Order matters where
 * kinds overlap (the `Int` brand is an intersection, `boolean` and enums are unions, arrays and Date
 * are objects, functions are objects with call signatures).
 */
import type { TypeHandler } from "../context.js";
import { anyHandler } from "./any.js";
import { arrayHandler } from "./array.js";
import { dateHandler } from "./date.js";
import { enumHandler } from "./enum.js";
import { integerHandler } from "./integer.js";
import { literalHandler } from "./literal.js";
import { objectHandler, readonlyHandler, recordHandler } from "./object.js";
import { brandedPrimitiveHandler, primitiveHandler } from "./primitive.js";
import { rejectedHandler } from "./rejected.js";
import { tupleHandler } from "./tuple.js";
import { typeParameterHandler } from "./type-parameter.js";
import { unionHandler } from "./union.js";

export const typeHandlers: readonly TypeHandler[] = [
  typeParameterHandler,
  integerHandler,
  anyHandler,
  rejectedHandler,
  primitiveHandler,
  enumHandler,
  literalHandler,
  unionHandler,
  brandedPrimitiveHandler,
  dateHandler,
  tupleHandler,
  arrayHandler,
  readonlyHandler,
  recordHandler,
  objectHandler,
];
