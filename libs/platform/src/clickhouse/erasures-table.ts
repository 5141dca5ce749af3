import { TableDefinition } from './schema-layout';

/**
 * Every erasure requested, kept (it is the record of the request). Sorted by (project, user_id):
 * the writer looks up the users of each batch. On a cluster, a copy on every host: the writer
 * reads the host it reaches.
 */
export const ERASURES: TableDefinition = {
  name: 'erasures',
  columns: ['erasure_id UUID', 'project LowCardinality(String)', 'user_id String', "requested_at DateTime64(3, 'UTC')", "request_id String DEFAULT ''"],
  engine: 'MergeTree',
  orderBy: '(project, user_id)',
  placement: 'everywhere',
};
