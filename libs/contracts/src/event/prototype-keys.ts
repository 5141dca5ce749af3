import { firstPathWhere } from './json-walk';

/** Text that may hold such a key: written out, or escaped (`\u00XX` spells any ASCII character). */
const MAY_HOLD_PROTOTYPE_KEY = /__proto__|constructor|\\u00[0-7]/;

export const PROTOTYPE_KEY_REASON = 'is refused as a key: __proto__, or constructor holding prototype, can change the prototype of an object it is copied into';

/**
 * The path of the first key of a parsed JSON value that could change an object's prototype:
 * `__proto__`, or `constructor` holding `prototype`, the keys Fastify's own JSON parser refuses.
 * JSON.parse makes them plain own properties, harmless in themselves; copied by Object.assign, a
 * merge or a `target[key] = value` loop, they would set a prototype or reach Object.prototype.
 * Refused at the parse, they reach no such code. `text`, the value's JSON, spares the walk when
 * it cannot hold one.
 */
export function prototypeKeyPath(value: unknown, text: string, path: string): string | undefined {
  if (!MAY_HOLD_PROTOTYPE_KEY.test(text)) return undefined;
  return firstPathWhere(value, path, isPrototypeKey);
}

function isPrototypeKey(key: string, child: unknown): boolean {
  return key === '__proto__' || (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype'));
}
