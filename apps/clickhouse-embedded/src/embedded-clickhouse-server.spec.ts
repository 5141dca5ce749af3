import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClickHouseClient,
  ClickHouseClientConfigOptions,
  ClickHouseError,
  ClickHouseLogLevel,
  ClickHouseSettings,
  createClient,
  QueryParams,
} from '@clickhouse/client';
import { EmbeddedClickHouseServer } from './embedded-clickhouse-server';

// libchdb binds one data directory per process: every test shares this one server.
describe('EmbeddedClickHouseServer', () => {
  const root = mkdtempSync(join(tmpdir(), 'clickhouse-embedded-spec-'));
  const dataDir = join(root, 'data');
  const server = new EmbeddedClickHouseServer({ path: dataDir, maxBodyBytes: 1024 * 1024 });
  let url: string;
  let client: ClickHouseClient;

  // The client logs every failed request; the failures here are on purpose.
  const connect = (options: ClickHouseClientConfigOptions = {}): ClickHouseClient =>
    createClient({ url, log: { level: ClickHouseLogLevel.OFF }, ...options });
  const rows = async <T>(params: Omit<QueryParams, 'format'>, on = client): Promise<T[]> =>
    (await on.query({ ...params, format: 'JSONEachRow' })).json<T>();
  const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
  const count = async (table: string): Promise<number> =>
    Number((await rows<{ n: string }>({ query: `SELECT count() AS n FROM ${table}` }))[0].n);
  const settingOf = async (name: string, clickhouse_settings: ClickHouseSettings = {}): Promise<string> => {
    const query = 'SELECT toString(getSetting({name:String})) AS v';
    return (await rows<{ v: string }>({ query, query_params: { name }, clickhouse_settings }))[0].v;
  };

  beforeAll(async () => {
    url = `http://127.0.0.1:${await server.start(0)}`;
    client = connect();
    await client.command({ query: 'CREATE DATABASE spec' });
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers /ping and GET / like ClickHouse', async () => {
    expect(await client.ping()).toEqual({ success: true });
    expect(await client.ping({ select: true })).toEqual({ success: true });
    for (const path of ['/ping', '/']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('Ok.\n');
    }
    const version = await fetch(`${url}/?query=${encodeURIComponent('SELECT version()')}`);
    expect((await version.text()).trim()).toBe(server.engineVersion);
    expect(version.headers.get('x-clickhouse-format')).toBe('TabSeparated');
  });

  it('creates a MergeTree table, inserts JSONEachRow and reads it back as JSONEachRow and JSON', async () => {
    await client.command({
      query: `CREATE TABLE spec.events (id UInt32, name String, ts DateTime64(3, 'UTC'), tags Array(String))
              ENGINE = MergeTree ORDER BY id`,
    });
    const events = [
      { id: 1, name: 'first', ts: '2024-05-06 07:08:09.123', tags: ['a', 'b'] },
      { id: 2, name: "it's \"quoted\"\n", ts: '2024-05-06 07:08:10.000', tags: [] },
      { id: 3, name: 'ünïcødé 😀', ts: '2024-05-06 07:08:11.456', tags: ['c'] },
    ];
    const inserted = await client.insert({ table: 'spec.events', values: events, format: 'JSONEachRow' });
    expect(inserted.summary?.written_rows).toBe('3');

    const eachRow = await client.query({ query: 'SELECT * FROM spec.events ORDER BY id', format: 'JSONEachRow' });
    expect(eachRow.response_headers['x-clickhouse-format']).toBe('JSONEachRow');
    expect(await eachRow.json()).toEqual(events);

    const json = await client.query({ query: 'SELECT id, name FROM spec.events ORDER BY id', format: 'JSON' });
    const document = await json.json<{ id: number; name: string }>();
    expect(document.rows).toBe(3);
    expect(document.meta).toEqual([
      { name: 'id', type: 'UInt32' },
      { name: 'name', type: 'String' },
    ]);
    expect(document.data.map((row) => row.name)).toEqual(events.map((event) => event.name));
  });

  it('binds query parameters as ClickHouse does, whatever their characters', async () => {
    const text = `it's "quoted", a back\\slash, \\N, \\' and \\n,\nnew line\ttab\r ünïcødé 😀`;
    const tags = ["it's", 'back\\slash', 'new\nline', "\\'", '', '[x]', 'ünï'];
    const params = {
      text,
      count: 4294967295,
      at: new Date('2024-05-06T07:08:09.123Z'),
      tags,
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      missing: null,
      labels: { "k'ey": 'v\\al' },
    };
    const query = `SELECT {text:String} AS text, {count:UInt32} AS count, {at:DateTime64(3, 'UTC')} AS at,
                          {tags:Array(String)} AS tags, {id:UUID} AS id, {missing:Nullable(String)} AS missing,
                          {labels:Map(String, String)} AS labels`;
    expect(await rows({ query, query_params: params })).toEqual([
      { text, count: 4294967295, at: '2024-05-06 07:08:09.123', tags, id: params.id, missing: null, labels: params.labels },
    ]);

    const filtered = await rows({
      query: 'SELECT id FROM spec.events WHERE has({names:Array(String)}, name) AND ts >= {from:DateTime64(3)} ORDER BY id',
      query_params: { names: ['first', "it's \"quoted\"\n", 'nope'], from: new Date('2024-05-06T07:08:09.123Z') },
    });
    expect(filtered).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("reports the engine's errors so that the client raises a ClickHouseError with the engine's code", async () => {
    const syntax = await failure(client.query({ query: 'SELEC 1' }));
    expect(syntax).toBeInstanceOf(ClickHouseError);
    expect(syntax).toMatchObject({ code: '62', type: 'SYNTAX_ERROR' });

    const unknown = await failure(client.command({ query: 'SELECT * FROM spec.nope' }));
    expect(unknown).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
    expect((unknown as Error).message).toContain('nope');

    const badRow = await failure(client.insert({ table: 'spec.events', values: [{ id: 'not a number' }], format: 'JSONEachRow' }));
    expect(badRow).toBeInstanceOf(ClickHouseError);

    const raw = await fetch(`${url}/?query=${encodeURIComponent('SELECT * FROM spec.nope')}`);
    expect(raw.status).toBe(404);
    expect(raw.headers.get('x-clickhouse-exception-code')).toBe('60');
    expect(await raw.text()).toMatch(/^Code: 60\. DB::Exception: .*\(UNKNOWN_TABLE\)/);
  });

  it('applies settings to their own request only', async () => {
    await client.command({
      query: `CREATE TABLE spec.dedup (id UInt32) ENGINE = MergeTree ORDER BY id
              SETTINGS non_replicated_deduplication_window = 100`,
    });
    const withToken = { insert_deduplication_token: 'X' };
    await client.insert({ table: 'spec.dedup', values: [{ id: 1 }], format: 'JSONEachRow', clickhouse_settings: withToken });
    // Were the token still in force, this different insert would be dropped as a duplicate of the first.
    await client.insert({ table: 'spec.dedup', values: [{ id: 2 }], format: 'JSONEachRow' });
    expect(await count('spec.dedup')).toBe(2);
    expect(await settingOf('insert_deduplication_token')).toBe('');

    const defaultBlockSize = await settingOf('max_block_size');
    expect(await settingOf('max_block_size', { max_block_size: '777' })).toBe('777');
    expect(await settingOf('max_block_size')).toBe(defaultBlockSize);

    // Over HTTP a SET lasts for its own request; on the shared session the server has to undo it.
    await client.command({ query: 'SET max_block_size = 1234' });
    expect(await settingOf('max_block_size')).toBe(defaultBlockSize);

    const unknownSetting = { no_such_setting: 1 } as ClickHouseSettings;
    const unknown = await failure(client.query({ query: 'SELECT 1', clickhouse_settings: { max_block_size: '99', ...unknownSetting } }));
    expect(unknown).toMatchObject({ code: '115', type: 'UNKNOWN_SETTING' });
    expect(await settingOf('max_block_size')).toBe(defaultBlockSize);
  });

  it('runs each request in its own database', async () => {
    const specClient = connect({ database: 'spec' });
    try {
      await specClient.insert({ table: 'dedup', values: [{ id: 3 }], format: 'JSONEachRow' });
      const inSpec = await rows({ query: 'SELECT currentDatabase() AS db, count() AS n FROM dedup' }, specClient);
      expect(inSpec).toEqual([{ db: 'spec', n: 3 }]);
      expect(await rows({ query: 'SELECT currentDatabase() AS db' })).toEqual([{ db: 'default' }]);
    } finally {
      await specClient.close();
    }
  });

  it('answers concurrent requests side by side, each with its own parameters and settings', async () => {
    await client.command({ query: 'CREATE TABLE spec.parallel (i UInt32) ENGINE = MergeTree ORDER BY i' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await client.insert({ table: 'spec.parallel', values: [{ i }], format: 'JSONEachRow' });
        return rows({
          query: "SELECT {i:UInt32} AS i, toString(getSetting('max_block_size')) AS block",
          query_params: { i },
          clickhouse_settings: { max_block_size: String(1000 + i) },
        });
      }),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => [{ i, block: String(1000 + i) }]));
    expect(await count('spec.parallel')).toBe(20);
  });

  it('answers a short request while a long one runs, and queues requests beyond its sessions', async () => {
    const finished: string[] = [];
    const track = (name: string, promise: Promise<unknown>) => promise.then(() => finished.push(name));
    // sleep() holds a session for a second each; the server runs four sessions.
    const long = Array.from({ length: 4 }, (_, i) => track(`long ${i}`, client.command({ query: 'SELECT sleep(1)' })));
    const queued = track('queued', client.command({ query: 'SELECT 1' }));
    await Promise.all([...long, queued]);
    // It waited for a session: only once a long one was done could it run.
    expect(finished.indexOf('queued')).toBeGreaterThan(0);

    const slow = track('slow', client.command({ query: 'SELECT sleep(2)' }));
    const short = track('short', rows({ query: 'SELECT 1 AS one' }));
    await Promise.all([slow, short]);
    expect(finished.slice(-2)).toEqual(['short', 'slow']);
  });

  it('takes gzip-compressed inserts', async () => {
    const gzipClient = connect({ compression: { request: true } });
    try {
      await gzipClient.command({ query: 'CREATE TABLE spec.compressed (i UInt32) ENGINE = MergeTree ORDER BY i' });
      const values = Array.from({ length: 1000 }, (_, i) => ({ i }));
      await gzipClient.insert({ table: 'spec.compressed', values, format: 'JSONEachRow' });
      expect(await count('spec.compressed')).toBe(1000);
    } finally {
      await gzipClient.close();
    }
  });

  it('refuses a body over the size limit with an error that says so', async () => {
    const huge = [{ id: 1, name: 'x'.repeat(2 * 1024 * 1024) }];
    const error = await failure(client.insert({ table: 'spec.events', values: huge, format: 'JSONEachRow' }));
    expect(error).toMatchObject({ code: '229', type: 'QUERY_IS_TOO_LARGE' });
    expect((error as Error).message).toContain('limit of 1048576 bytes');
    expect(await count('spec.events')).toBe(3);
  });

  it('echoes the query id and sends a summary', async () => {
    const query = 'SELECT number FROM system.numbers LIMIT 5';
    const result = await client.query({ query, query_id: 'spec-query-id', format: 'JSONEachRow' });
    expect(result.query_id).toBe('spec-query-id');
    expect(result.response_headers['x-clickhouse-query-id']).toBe('spec-query-id');
    expect(JSON.parse(String(result.response_headers['x-clickhouse-summary']))).toMatchObject({ result_rows: '5' });
    await result.json();
  });

  it('explains that the data directory is held when another process starts on it', () => {
    const serverFile = join(__dirname, 'embedded-clickhouse-server.ts');
    const child = spawnSync(process.execPath, ['-e', START_ANOTHER_SERVER, serverFile, dataDir], { encoding: 'utf8', timeout: 30_000 });
    expect(child.stdout).toContain(`The ClickHouse data directory ${dataDir} is in use by another ClickHouse process (PID ${process.pid}`);
    expect(child.stdout).toContain('CLICKHOUSE_EMBEDDED_PATH');
  });
});

/** A second process, loading this TypeScript through the compiler, trying to start on the same directory. */
const START_ANOTHER_SERVER = `
  const fs = require('node:fs');
  const ts = require('typescript');
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 };
  require.extensions['.ts'] = (module, file) =>
    module._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions }).outputText, file);
  const [serverFile, dataDir] = process.argv.slice(1);
  const { EmbeddedClickHouseServer } = require(serverFile);
  new EmbeddedClickHouseServer({ path: dataDir }).start(0).then(
    () => { console.log('started'); process.exit(1); },
    (error) => { console.log(error.message); process.exit(0); },
  );
`;
