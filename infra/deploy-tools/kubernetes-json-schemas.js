/**
 * Kubernetes' OpenAPI v2 document (swagger.json) to one strict, standalone JSON schema per kind, named
 * as kubeconform looks them up: <kind>-<group's first label>-<version>.json, e.g. deployment-apps-v1.json,
 * service-v1.json. Each file holds the definitions it references, so it resolves on its own.
 * Strict (strict-schema.js): a misspelt field fails.
 *
 *   node kubernetes-json-schemas.js <swagger.json> <output folder>
 */
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { schemaFileName, strict } = require('./strict-schema');

const [swaggerPath, outDir] = process.argv.slice(2);
const { definitions } = JSON.parse(readFileSync(swaggerPath, 'utf8'));
const REF = '#/definitions/';

// Written as strings in swagger.json; the API server also takes numbers.
const SCALARS = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

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
  for (const groupVersionKind of schema['x-kubernetes-group-version-kind'] ?? []) {
    const file = schemaFileName(groupVersionKind);
    const deps = [...referenced(schema)].sort();
    const standalone = { ...definition(name), definitions: Object.fromEntries(deps.map((dep) => [dep, definition(dep)])) };
    writeFileSync(join(outDir, file), JSON.stringify(standalone));
    written += 1;
  }
}
if (written === 0) throw new Error(`no kind in ${swaggerPath}`);
console.error(`${written} schemas in ${outDir}`);
