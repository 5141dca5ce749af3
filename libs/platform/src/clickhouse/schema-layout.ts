/**
 * The schema as definitions, rendered into DDL for one ClickHouse server or for a cluster. Each
 * table's columns, order, partition and settings are written once, in its definition; the
 * renderer makes of it the single-server table, or the cluster's replicated local tables ON
 * CLUSTER behind a Distributed table of the table's name, which the apps read and write as they
 * do the single-server one.
 */

/** Where the schema goes: `cluster` empty, one server; else a cluster of the servers' remote_servers. */
export interface SchemaLayout {
  database: string;
  cluster: string;
}

export interface TableDefinition {
  name: string;
  /** `name Type [DEFAULT …]`, in order. */
  columns: string[];
  /** Data-skipping indexes: `INDEX name expr TYPE … GRANULARITY n`; the local tables hold them, not the Distributed one. */
  indexes?: string[];
  engine: 'MergeTree' | 'ReplacingMergeTree';
  /** ReplacingMergeTree's version column: of the rows of one key, a merge keeps the highest version's. */
  version?: string;
  partitionBy?: string;
  orderBy: string;
  settings?: string[];
  /**
   * On a cluster. sharded: a local table `<name>_local` on each shard, its replicas copies, behind
   * the Distributed table `<name>`, which places each row on the shard of its sharding key.
   * everywhere: one table `<name>`, replicated to every host of every shard (the ledger).
   */
  placement: { shardingKey: string } | 'everywhere';
}

/** One change of the schema, as the renderer turns it into one statement or more. */
export type SchemaStep =
  | { kind: 'create-table'; table: TableDefinition }
  /**
   * A materialized view copying rows inserted into `from` to `into`; on a cluster it reads each
   * shard's local table and writes the shard's own (`resharded`: through the Distributed table of
   * `into`, to the shard of its sharding key).
   */
  | { kind: 'create-feed'; view: string; from: TableDefinition; into: TableDefinition; select: (from: string) => string; resharded?: boolean }
  | { kind: 'modify-feed'; view: string; from: TableDefinition; select: (from: string) => string }
  /** `name Type … [AFTER other]`, added to the table (and to its Distributed table on a cluster). */
  | { kind: 'add-columns'; table: TableDefinition; columns: string[] }
  /** Writes a MATERIALIZED column into the parts stored before it existed: a mutation ClickHouse runs in the background. */
  | { kind: 'materialize-column'; table: TableDefinition; column: string }
  /** `ALTER TABLE <the table the rows are in> <change>`: a setting, a projection, what only the stored parts have. */
  | { kind: 'alter-stored'; table: TableDefinition; change: string }
  /** The same statement on both: on a cluster it goes through the Distributed tables. */
  | { kind: 'statement'; sql: string };

export const isCluster = (layout: SchemaLayout): boolean => layout.cluster !== '';

const quoted = (identifier: string): string => `\`${identifier}\``;
const literal = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const onCluster = (layout: SchemaLayout): string => (isCluster(layout) ? ` ON CLUSTER ${quoted(layout.cluster)}` : '');

/** The table the rows are in: `<name>_local` of a sharded table on a cluster, else `<name>`. */
export function storageTableOf(table: TableDefinition, layout: SchemaLayout): string {
  return isCluster(layout) && table.placement !== 'everywhere' ? `${table.name}_local` : table.name;
}

/** The table name with ON CLUSTER, for a statement changing the rows' table (ALTER … MODIFY TTL). */
export const storageTableOnCluster = (table: TableDefinition, layout: SchemaLayout): string => `${storageTableOf(table, layout)}${onCluster(layout)}`;

function body(columns: string[]): string {
  return `(\n  ${columns.join(',\n  ')}\n)`;
}

function engineOf(table: TableDefinition, layout: SchemaLayout): string {
  const version = table.version ? [table.version] : [];
  if (!isCluster(layout)) return version.length > 0 ? `${table.engine}(${version.join(', ')})` : table.engine;
  // {shard}, {replica}: the macros of each server's config; {database}: the table's database.
  const replication =
    table.placement === 'everywhere'
      ? [`'/clickhouse/tables/{database}/${table.name}'`, "'{shard}-{replica}'"]
      : [`'/clickhouse/tables/{shard}/{database}/${table.name}_local'`, "'{replica}'"];
  return `Replicated${table.engine}(${[...replication, ...version].join(', ')})`;
}

function createStorageTable(table: TableDefinition, layout: SchemaLayout): string {
  return [
    `CREATE TABLE IF NOT EXISTS ${storageTableOf(table, layout)}${onCluster(layout)} ${body([...table.columns, ...(table.indexes ?? [])])}`,
    `ENGINE = ${engineOf(table, layout)}`,
    ...(table.partitionBy ? [`PARTITION BY ${table.partitionBy}`] : []),
    `ORDER BY ${table.orderBy}`,
    ...(table.settings?.length ? [`SETTINGS ${table.settings.join(', ')}`] : []),
  ].join('\n');
}

function createDistributedTable(table: TableDefinition, layout: SchemaLayout, shardingKey: string): string {
  const target = [layout.cluster, layout.database, storageTableOf(table, layout)].map(literal).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${table.name}${onCluster(layout)} ${body(table.columns)}\nENGINE = Distributed(${target}, ${shardingKey})`;
}

/** The statements of one step, in the order they must run. */
export function renderStep(step: SchemaStep, layout: SchemaLayout): string[] {
  switch (step.kind) {
    case 'create-table': {
      const { placement } = step.table;
      const local = createStorageTable(step.table, layout);
      if (!isCluster(layout) || placement === 'everywhere') return [local];
      return [local, createDistributedTable(step.table, layout, placement.shardingKey)];
    }
    case 'create-feed': {
      const into = step.resharded ? step.into.name : storageTableOf(step.into, layout);
      return [`CREATE MATERIALIZED VIEW IF NOT EXISTS ${step.view}${onCluster(layout)} TO ${into} AS\n  ${step.select(storageTableOf(step.from, layout))}`];
    }
    case 'modify-feed':
      return [`ALTER TABLE ${step.view}${onCluster(layout)} MODIFY QUERY\n  ${step.select(storageTableOf(step.from, layout))}`];
    case 'add-columns': {
      const alter = (name: string): string => `ALTER TABLE ${name}${onCluster(layout)}\n  ${step.columns.map((c) => `ADD COLUMN IF NOT EXISTS ${c}`).join(',\n  ')}`;
      const tables = [storageTableOf(step.table, layout)];
      if (tables[0] !== step.table.name) tables.push(step.table.name);
      return tables.map(alter);
    }
    case 'materialize-column':
      return [`ALTER TABLE ${storageTableOnCluster(step.table, layout)} MATERIALIZE COLUMN ${step.column}`];
    case 'alter-stored':
      return [`ALTER TABLE ${storageTableOnCluster(step.table, layout)} ${step.change}`];
    case 'statement':
      return [step.sql];
  }
}

export const createDatabaseStatement = (layout: SchemaLayout): string => `CREATE DATABASE IF NOT EXISTS ${quoted(layout.database)}${onCluster(layout)}`;
