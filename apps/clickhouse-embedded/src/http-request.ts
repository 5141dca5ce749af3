import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { ClickHouseException } from './clickhouse-error';

/** What one HTTP request asks of ClickHouse, read the way ClickHouse's HTTP handler reads it. */
export interface ClickHouseRequest {
  /** The `query` URL parameter; the body, if any, follows it after a line feed. */
  query: string | undefined;
  database: string | undefined;
  defaultFormat: string | undefined;
  /** `param_<name>` values by name, as the client formatted them. */
  params: Map<string, string>;
  /** Every other parameter that is a setting, applied for this request only. */
  settings: Map<string, string>;
}

/** URL parameters that are not settings (HTTPHandler's reserved names); none needs anything from this server. */
const NOT_SETTINGS = new Set([
  '', 'query', 'query_id', 'database', 'default_format', 'compress', 'decompress', 'user', 'password', 'quota_key',
  'stacktrace', 'role', 'buffer_size', 'wait_end_of_query', 'session_id', 'session_timeout', 'session_check',
  'client_protocol_version', 'close_session',
]);

/**
 * Settings that only steer ClickHouse's HTTP layer (progress headers, response compression); this
 * server sends neither, and the engine rejects some of them (the list chdb's own connection drops).
 */
const HTTP_ONLY_SETTINGS = new Set([
  'send_progress_in_http_headers', 'http_response_buffer_size', 'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms', 'enable_http_compression', 'http_zlib_compression_level',
  'http_response_compression_method', 'http_native_compression_disable_checksumming_on_decompress',
]);

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseClickHouseRequest(search: URLSearchParams, headers: IncomingHttpHeaders): ClickHouseRequest {
  const request: ClickHouseRequest = {
    query: search.get('query') ?? undefined,
    database: header(headers, 'x-clickhouse-database') ?? (search.get('database') || undefined),
    defaultFormat: header(headers, 'x-clickhouse-format') ?? (search.get('default_format') || undefined),
    params: new Map(),
    settings: new Map(),
  };
  for (const [name, value] of search) {
    if (name.startsWith('param_')) {
      request.params.set(name.slice('param_'.length), value);
      continue;
    }
    if ((name === 'compress' || name === 'decompress') && value !== '0') {
      throw ClickHouseException.of('NOT_IMPLEMENTED', `The embedded server does not support ClickHouse's native compression ('${name}')`);
    }
    if (NOT_SETTINGS.has(name) || HTTP_ONLY_SETTINGS.has(name)) continue;
    if (!SETTING_NAME.test(name)) throw ClickHouseException.of('UNKNOWN_SETTING', `Unknown setting '${name}'`);
    request.settings.set(name, value);
  }
  if (headers['content-type']?.startsWith('multipart/form-data')) {
    throw ClickHouseException.of(
      'NOT_IMPLEMENTED',
      'The embedded server does not accept multipart bodies (use_multipart_params, external tables)',
    );
  }
  return request;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const DECOMPRESSORS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

/**
 * Buffers the request body, decompressing it per Content-Encoding. Past `maxBytes` (counted after
 * decompression) it fails, and drains the rest so the error response can still be delivered.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase() || 'identity';
  const makeDecompressor = DECOMPRESSORS.get(encoding);
  if (encoding !== 'identity' && !makeDecompressor) {
    req.resume();
    return Promise.reject(ClickHouseException.of('UNKNOWN_COMPRESSION_METHOD', `Unknown Content-Encoding '${encoding}'`));
  }
  const decompressor = makeDecompressor?.();
  const source = decompressor ? req.pipe(decompressor) : req;

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: ClickHouseException): void => {
      if (failed) return;
      failed = true;
      if (decompressor) {
        req.unpipe(decompressor);
        decompressor.destroy();
      }
      source.removeAllListeners('data');
      req.resume();
      reject(error);
    };
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        const limit = `the embedded server's limit of ${maxBytes} bytes`;
        fail(ClickHouseException.of('QUERY_IS_TOO_LARGE', `Request body is larger than ${limit}`));
      } else {
        chunks.push(chunk);
      }
    });
    source.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    decompressor?.on('error', (error) => {
      fail(ClickHouseException.of('CANNOT_DECOMPRESS', `Cannot decompress the ${encoding} request body: ${error.message}`));
    });
    req.on('error', (error) => fail(ClickHouseException.of('ABORTED', `Reading the request body failed: ${error.message}`)));
  });
}
