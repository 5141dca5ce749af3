/**
 * JSON with object keys sorted and null or absent values dropped, so that two encodings of the
 * same content (other key order, an explicit null) give the same text. Dedup keys hash this
 * text: it must never change (canonical-json.spec.ts pins it). Built by concatenation, without
 * intermediate arrays: it runs for every event in the gateway and again in the writer.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + (canonicalJson(value[i]) ?? '');
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field == null) continue;
    text += (text.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(field);
  }
  return `${text}}`;
}
