/**
 * Kubernetes' OpenAPI v2 document (swagger.json) to one strict, standalone JSON schema per kind, named
 * as kubeconform looks them up: <kind>-<group's first label>-<version>.json, e.g. deployment-apps-v1.json,
 * service-v1.json. Each file holds the definitions it references, so it resolves on its own.
 * Strict: an object with declared properties accepts no other (a misspelt field fails), as the API
 * server's strict field validation does.
 *
 *   node kubernetes-json-schemas.js <swagger.json> <output folder>
 */
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [swaggerPath, outDir] = process.argv.slice(2);
const { definitions } = JSON.parse(readFileSync(swaggerPath, 'utf8'));
const REF = '#/definitions/';

// Written as strings in swagger.json; the API server also takes numbers.
const SCALARS = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'properties' ? mapValues(value, strict) : strict(value)]));
  if (copy.properties && copy.additionalProperties === undefined && !copy['x-kubernetes-preserve-unknown-fields']) copy.additionalProperties = false;
  return copy;
}

const mapValues = (object, f) => Object.fromEntries(Object.entries(object).map(([key, value]) => [key, f(value)]));
const definition = (name) => SCALARS[name] ?? strict(definitions[name]);

/** The names of every definition reachable from a schema through $ref. */
function referenced(schema, found = new Set()) {
  if (schema === null || typeof schema !== 'object') return found;
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith(REF)) {
    const name = schema.$ref.slice(REF.length);
    if (!found.has(name)) {
      found.add(name);
      referenced(definitions[name], found);
    }
  }
  for (const value of Object.values(schema)) referenced(value, found);
  return found;
}

mkdirSync(outDir, { recursive: true });
let written = 0;
for (const [name, schema] of Object.entries(definitions)) {
  for (const { group, version, kind } of schema['x-kubernetes-group-version-kind'] ?? []) {
    const file = [kind.toLowerCase(), ...(group ? [group.split('.')[0]] : []), version].join('-') + '.json';
    const deps = [...referenced(schema)].sort();
    const standalone = { ...definition(name), definitions: Object.fromEntries(deps.map((dep) => [dep, definition(dep)])) };
    writeFileSync(join(outDir, file), JSON.stringify(standalone));
    written += 1;
  }
}
if (written === 0) throw new Error(`no kind in ${swaggerPath}`);
console.error(`${written} schemas in ${outDir}`);
