import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Session } from 'chdb';
import { openChdbSession } from './chdb-session';
import { ClickHouseException, toClickHouseException } from './clickhouse-error';
import { ClickHouseRequest, parseClickHouseRequest, readBody } from './http-request';
import { contentType } from './output-format';
import { QueryOutcome, QueryRunner } from './query-runner';
import { SessionPool } from './session-pool';
import { SessionSettings } from './session-settings';

export interface EmbeddedClickHouseServerOptions {
  /** The chdb data directory; this server is the one process that opens it. */
  path: string;
  /** Largest request body accepted, after decompression. */
  maxBodyBytes?: number;
  /** How many requests run at once, each on a chdb session of its own. */
  sessions?: number;
}

const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;
/**
 * chdb runs one statement at a time per session, but sessions on one data directory share its
 * tables and run side by side: four let an insert or a short read pass a long one.
 */
export const DEFAULT_SESSIONS = 4;
const MAX_URI_BYTES = 1024 * 1024;
/** How long stop() lets in-flight responses finish on kept-alive connections before cutting them. */
const SHUTDOWN_GRACE_MS = 2000;

interface Engine {
  sessions: Session[];
  runners: SessionPool<QueryRunner>;
  version: string;
}

/**
 * The part of ClickHouse's HTTP interface that @clickhouse/client uses, served by the ClickHouse
 * engine embedded through chdb, so that several processes can share one chdb data directory
 * exactly as they would share a ClickHouse server. Up to `sessions` requests run at once, each
 * on a session of its own with its own settings and database; the others wait, by their
 * `priority` setting, then in arrival order.
 */
export class EmbeddedClickHouseServer {
  // Query parameters travel in the URL: allow what ClickHouse allows (http_max_uri_size, 1 MiB), not Node's 16 KiB.
  private readonly http = createServer({ maxHeaderSize: MAX_URI_BYTES }, (req, res) => void this.handle(req, res));
  private readonly maxBodyBytes: number;
  private engine: Engine | undefined;
  private stopping = false;

  constructor(private readonly options: EmbeddedClickHouseServerOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /** The ClickHouse version of the embedded engine, once started. */
  get engineVersion(): string {
    if (!this.engine) throw new Error('The embedded ClickHouse server is not started');
    return this.engine.version;
  }

  /** Opens the data directory and listens; resolves to the bound port (`port` 0 picks a free one). */
  async start(port: number, host = '127.0.0.1'): Promise<number> {
    if (this.engine) throw new Error('The embedded ClickHouse server is already started');
    const sessions: Session[] = [];
    try {
      while (sessions.length < (this.options.sessions ?? DEFAULT_SESSIONS)) sessions.push(openChdbSession(this.options.path));
      const version = (await sessions[0].queryAsync('SELECT version()', { format: 'TabSeparated' })).text().trim();
      const runners = await Promise.all(sessions.map(async (session) => new QueryRunner(session, await SessionSettings.capture(session))));
      this.engine = { sessions, runners: new SessionPool(runners), version };
      await new Promise<void>((resolve, reject) => {
        this.http.once('error', reject);
        this.http.listen(port, host, () => {
          this.http.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.engine = undefined;
      sessions.forEach((session) => session.close());
      throw error;
    }
    return (this.http.address() as AddressInfo).port;
  }

  /** Refuses new requests, lets the ones already taken finish, then closes the session. */
  async stop(): Promise<void> {
    const engine = this.engine;
    if (!engine || this.stopping) return;
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    await engine.runners.idle();
    const grace = setTimeout(() => this.http.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await closed;
    clearTimeout(grace);
    engine.sessions.forEach((session) => session.close());
    this.engine = undefined;
    this.stopping = false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const queryId = url.searchParams.get('query_id') || randomUUID();
    if (this.stopping) res.setHeader('Connection', 'close');

    if (url.pathname === '/ping' || (url.pathname === '/' && req.method === 'GET' && !url.searchParams.has('query'))) {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
      return;
    }
    if (url.pathname !== '/') {
      req.resume();
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' }).end(`There is no handle ${url.pathname}\n`);
      return;
    }
    try {
      if (this.stopping) throw ClickHouseException.of('ABORTED', 'The embedded ClickHouse server is shutting down');
      if (req.method !== 'GET' && req.method !== 'POST') {
        throw ClickHouseException.of('BAD_ARGUMENTS', `HTTP method ${req.method} is not supported, use GET or POST`);
      }
      const request = parseClickHouseRequest(url.searchParams, req.headers);
      const body = await readBody(req, this.maxBodyBytes);
      const outcome = await this.runners().run((runner) => runner.run(request, body), priorityOf(request));
      sendOutcome(res, queryId, outcome);
    } catch (error) {
      req.resume();
      sendException(res, queryId, toClickHouseException(error));
    }
  }

  private runners(): SessionPool<QueryRunner> {
    if (!this.engine) throw ClickHouseException.of('ABORTED', 'The embedded ClickHouse server is shutting down');
    return this.engine.runners;
  }
}

/** The request's `priority` setting (ClickHouse's: 1 first, 0 none): which waiting request gets the next free session. */
function priorityOf(request: ClickHouseRequest): number {
  const priority = Number(request.settings.get('priority') ?? 0);
  return Number.isSafeInteger(priority) && priority > 0 ? priority : 0;
}

function sendOutcome(res: ServerResponse, queryId: string, outcome: QueryOutcome): void {
  res
    .writeHead(200, {
      'Content-Type': contentType(outcome.format),
      'Content-Length': outcome.body.byteLength,
      'X-ClickHouse-Query-Id': queryId,
      'X-ClickHouse-Format': outcome.format,
      'X-ClickHouse-Summary': JSON.stringify(outcome.summary),
    })
    .end(outcome.body);
}

function sendException(res: ServerResponse, queryId: string, exception: ClickHouseException): void {
  if (res.headersSent || res.destroyed) return;
  const body = `${exception.message}\n`;
  res
    .writeHead(exception.httpStatus, {
      'Content-Type': 'text/plain; charset=UTF-8',
      'Content-Length': Buffer.byteLength(body),
      'X-ClickHouse-Query-Id': queryId,
      'X-ClickHouse-Exception-Code': String(exception.code),
    })
    .end(body);
}
