/**
 * A value in the form its ClickHouse column type defines, so that what was inserted and what is
 * read back compare equal exactly when the type keeps the value: DateTime64(3) as the instant at
 * millisecond precision, (U)Int as BigInt (ClickHouse may write 64-bit integers as strings or
 * numbers), Float as the number with -0 and 0 the same, Nullable's null (or a field left out of
 * an expected value) as null. Strings and everything else stay as they are, to the code unit.
 */
export function canonicalValue(type: string, value: unknown): unknown {
  const [name, args] = splitType(type);
  if (name === 'Nullable') return value == null ? null : canonicalValue(args, value);
  if (name === 'LowCardinality') return canonicalValue(args, value);
  if (name === 'Array') return (value as unknown[]).map((item) => canonicalValue(args, item));
  if (name === 'Tuple') return canonicalTuple(args, value as Record<string, unknown>);
  if (name === 'DateTime64') return instantOf(String(value));
  if (/^U?Int\d+$/.test(name)) return BigInt(String(value));
  if (/^Float\d+$/.test(name)) return value === 0 ? 0 : value;
  return value;
}

function canonicalTuple(elements: string, value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    topLevelParts(elements).map((element) => {
      const [, field, type] = /^(\w+)\s+(.+)$/s.exec(element) ?? [];
      if (!field) throw new Error(`unnamed tuple element ${element}`);
      return [field, canonicalValue(type, value[field])];
    }),
  );
}

/** `2024-01-15T10:30:00.123Z` as sent, `2024-01-15 10:30:00.123` as read from a UTC column. */
function instantOf(text: string): string {
  const instant = new Date(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(instant.getTime())) throw new Error(`not a DateTime64 value: ${text}`);
  return instant.toISOString();
}

function splitType(type: string): [string, string] {
  const match = /^(\w+)(?:\((.*)\))?$/s.exec(type.trim());
  if (!match) throw new Error(`unparsed ClickHouse type ${type}`);
  return [match[1], match[2] ?? ''];
}

/** `a String, b Tuple(c Int64, d Float64)` → its two elements. */
function topLevelParts(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '(') depth++;
    else if (list[i] === ')') depth--;
    else if (list[i] === ',' && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  return [...parts, list.slice(start).trim()];
}
