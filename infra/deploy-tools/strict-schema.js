/**
 * A JSON schema made strict: an object with declared properties accepts no other (a misspelt field
 * fails), as the API server's strict field validation does, unless it preserves unknown fields.
 */
function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'properties' ? mapValues(value, strict) : strict(value)]));
  if (copy.properties && copy.additionalProperties === undefined && !copy['x-kubernetes-preserve-unknown-fields']) copy.additionalProperties = false;
  return copy;
}

const mapValues = (object, f) => Object.fromEntries(Object.entries(object).map(([key, value]) => [key, f(value)]));

/** The file name kubeconform looks a kind up by: <kind>-<group's first label>-<version>.json. */
const schemaFileName = ({ group, version, kind }) => [kind.toLowerCase(), ...(group ? [group.split('.')[0]] : []), version].join('-') + '.json';

module.exports = { strict, schemaFileName };
