/**
 * The import boundaries of docs/architecture.md, checked by dependency-cruiser on every `npm test`
 * (test/architecture.spec.ts). Type-only imports vanish at compile time and are not counted.
 */
const SPECS = '\\.(spec|e2e-spec|fixture)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'contracts-are-the-domain',
      comment: 'libs/contracts (the event, its rules, the message format) imports no framework, driver or app: only node and ajv',
      severity: 'error',
      from: { path: '^libs/contracts/src/', pathNot: SPECS },
      to: { pathNot: ['^libs/contracts/src/', 'node_modules/ajv/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'writer-rules-are-the-domain',
      comment: "the writer's batch rules import only the contracts and each other, never Kafka, ClickHouse or Nest",
      severity: 'error',
      from: { path: '^apps/writer/src/ingest/(event-row|decode-batch|event-store|refused-rows)\\.ts$' },
      to: { pathNot: ['^libs/contracts/src/', '^apps/writer/src/ingest/'] },
    },
    {
      name: 'apps-never-import-apps',
      comment: 'an app reaches another only over HTTP or Kafka',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-through-their-index',
      comment: 'an app imports a lib through @tributary/<lib>, its index, never a file inside it',
      severity: 'error',
      from: { path: '^apps/', pathNot: SPECS },
      to: { path: '^libs/[^/]+/src/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'drivers-behind-adapters',
      comment: 'kafkajs (no release since 2023) and @clickhouse/client only in the platform adapters, the app modules wiring them, and the stores',
      severity: 'error',
      from: {
        path: '^(apps|libs)/',
        pathNot: ['^libs/platform/src/(kafka|clickhouse|health)/', '/(writer\\.module|clickhouse-[\\w-]+)\\.ts$', SPECS],
      },
      to: { path: 'node_modules/(kafkajs|@clickhouse/client)/' },
    },
    {
      name: 'imports-resolve',
      comment: 'every import resolves: a deep `@tributary/<lib>/...` import does not, as tsconfig maps only the index',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.cache)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
  },
};
