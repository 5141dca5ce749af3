import { ConfigError, loadConfig } from '@tributary/platform';
import { FastifyRequest } from 'fastify';
import { GatewayConfig } from '../gateway.config';
import { gatewayRateLimits, isIngestionRequest, writeKeyOf } from './rate-limits';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const requestTo = (method: string, url: string | undefined) => ({ method, routeOptions: { url }, headers: {} }) as unknown as FastifyRequest;

describe("the gateway's rate limits", () => {
  it("read the write key from Basic auth's user, as Segment's SDKs send it, else from X-Write-Key", () => {
    expect(writeKeyOf({ authorization: basic('seg-key:') })).toBe('seg-key');
    expect(writeKeyOf({ authorization: basic('seg-key:'), 'x-write-key': 'other' })).toBe('seg-key');
    expect(writeKeyOf({ 'x-write-key': 'phc_key' })).toBe('phc_key');
    expect(writeKeyOf({ 'x-write-key': ['first', 'second'] })).toBe('first');
  });

  it('count a request without a key only per address, and a long key by its first 128 characters', () => {
    expect(writeKeyOf({})).toBeUndefined();
    expect(writeKeyOf({ authorization: basic(':password'), 'x-write-key': '' })).toBeUndefined();
    expect(writeKeyOf({ authorization: 'Bearer abc' })).toBeUndefined();
    expect(writeKeyOf({ 'x-write-key': 'k'.repeat(10_000) })).toBe('k'.repeat(128));
  });

  it('count POSTs to the sources\' paths, not probes, Swagger, reads or preflights', () => {
    expect(isIngestionRequest(requestTo('POST', '/events'))).toBe(true);
    expect(isIngestionRequest(requestTo('POST', '/v1/batch'))).toBe(true);
    expect(isIngestionRequest(requestTo('POST', '/batch'))).toBe(true);
    expect(isIngestionRequest(requestTo('GET', '/health'))).toBe(false);
    expect(isIngestionRequest(requestTo('GET', '/swagger'))).toBe(false);
    expect(isIngestionRequest(requestTo('GET', '/events/metrics'))).toBe(false);
    expect(isIngestionRequest(requestTo('OPTIONS', '/events'))).toBe(false);
    expect(isIngestionRequest(requestTo('POST', undefined))).toBe(false);
  });

  it('are off by default, and take their settings from the configuration', () => {
    expect(gatewayRateLimits(loadConfig(GatewayConfig, {})).map(({ reason, max, windowMs }) => ({ reason, max, windowMs }))).toEqual([
      { reason: 'per_ip', max: 0, windowMs: 60_000 },
      { reason: 'per_write_key', max: 0, windowMs: 60_000 },
    ]);
    const config = loadConfig(GatewayConfig, { GATEWAY_RATE_LIMIT_PER_IP: '600', GATEWAY_RATE_LIMIT_PER_KEY: '6000', GATEWAY_RATE_LIMIT_WINDOW_MS: '1000' });
    expect(gatewayRateLimits(config).map(({ max, windowMs }) => [max, windowMs])).toEqual([
      [600, 1000],
      [6000, 1000],
    ]);
  });

  it.each([
    ['GATEWAY_RATE_LIMIT_PER_IP', '-1', 'GATEWAY_RATE_LIMIT_PER_IP must not be less than 0'],
    ['GATEWAY_RATE_LIMIT_PER_KEY', 'many', 'GATEWAY_RATE_LIMIT_PER_KEY must be an integer number'],
    ['GATEWAY_RATE_LIMIT_WINDOW_MS', '10', 'GATEWAY_RATE_LIMIT_WINDOW_MS must not be less than 1000'],
  ])('refuse %s=%s at boot, naming it', (name, value, reason) => {
    expect(() => loadConfig(GatewayConfig, { [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig(GatewayConfig, { [name]: value })).toThrow(`${name}=${JSON.stringify(value)}: ${reason}`);
  });
});
