/**
 * A CustomResourceDefinition (as JSON) to one strict JSON schema per served version, named as
 * kubeconform looks them up (servicemonitor-monitoring-v1.json): the chart's optional ServiceMonitor
 * is checked against the Prometheus Operator's own CRD as Kubernetes' kinds are against theirs.
 *
 *   node crd-json-schemas.js <crd.json> <output folder>
 */
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { schemaFileName, strict } = require('./strict-schema');

const [crdPath, outDir] = process.argv.slice(2);
const crd = JSON.parse(readFileSync(crdPath, 'utf8'));
if (crd.kind !== 'CustomResourceDefinition') throw new Error(`${crdPath} is a ${crd.kind}, not a CustomResourceDefinition`);
const { group, names, versions } = crd.spec;

mkdirSync(outDir, { recursive: true });
for (const { name: version, schema } of versions) {
  const file = schemaFileName({ group, version, kind: names.kind });
  writeFileSync(join(outDir, file), JSON.stringify(strict(schema.openAPIV3Schema)));
  console.error(`${file} in ${outDir}`);
}
