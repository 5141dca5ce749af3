import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Session } from 'chdb';
import { openChdbSession } from './chdb-session';
import { ClickHouseException, toClickHouseException } from './clickhouse-error';
import { parseClickHouseRequest, readBody } from './http-request';
import { contentType } from './output-format';
import { QueryOutcome, QueryRunner } from './query-runner';
import { SerialQueue } from './serial-queue';
import { SessionSettings } from './session-settings';

export interface EmbeddedClickHouseServerOptions {
  /** The chdb data directory; this server is the one process that opens it. */
  path: string;
  /** Largest request body accepted, after decompression. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;
const MAX_URI_BYTES = 1024 * 1024;
/** How long stop() lets in-flight responses finish on kept-alive connections before cutting them. */
const SHUTDOWN_GRACE_MS = 2000;

interface Engine {
  session: Session;
  runner: QueryRunner;
  version: string;
}

/**
 * The part of ClickHouse's HTTP interface that @clickhouse/client uses, served by the ClickHouse
 * engine embedded through chdb, so that several processes can share one chdb data directory
 * exactly as they would share a ClickHouse server. Requests run one at a time, in arrival order,
 * each with its own settings and database.
 */
export class EmbeddedClickHouseServer {
  // Query parameters travel in the URL: allow what ClickHouse allows (http_max_uri_size, 1 MiB), not Node's 16 KiB.
  private readonly http = createServer({ maxHeaderSize: MAX_URI_BYTES }, (req, res) => void this.handle(req, res));
  private readonly queue = new SerialQueue();
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
    const session = openChdbSession(this.options.path);
    try {
      const version = (await session.queryAsync('SELECT version()', { format: 'TabSeparated' })).text().trim();
      this.engine = { session, runner: new QueryRunner(session, await SessionSettings.capture(session)), version };
      await new Promise<void>((resolve, reject) => {
        this.http.once('error', reject);
        this.http.listen(port, host, () => {
          this.http.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.engine = undefined;
      session.close();
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
    await this.queue.idle();
    const grace = setTimeout(() => this.http.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await closed;
    clearTimeout(grace);
    engine.session.close();
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
      const outcome = await this.queue.run(() => this.runner().run(request, body));
      sendOutcome(res, queryId, outcome);
    } catch (error) {
      req.resume();
      sendException(res, queryId, toClickHouseException(error));
    }
  }

  private runner(): QueryRunner {
    if (!this.engine) throw ClickHouseException.of('ABORTED', 'The embedded ClickHouse server is shutting down');
    return this.engine.runner;
  }
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
