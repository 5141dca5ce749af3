import { loadConfig } from '@tributary/platform';
import { GatewayConfig } from '../gateway.config';

describe('CORS origins', () => {
  it('may be any origin in development, the default', () => {
    expect(loadConfig(GatewayConfig, {}).GATEWAY_CORS_ORIGINS).toBe('*');
    expect(loadConfig(GatewayConfig, { NODE_ENV: 'development', GATEWAY_CORS_ORIGINS: '*' }).GATEWAY_CORS_ORIGINS).toBe('*');
  });

  it('must be listed in production: *, given or left as the default, stops the gateway at boot, naming the setting', () => {
    const refusal = 'GATEWAY_CORS_ORIGINS="*": GATEWAY_CORS_ORIGINS must list the origins browsers may send events from, not *, when NODE_ENV=production';
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production' })).toThrow(refusal);
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', GATEWAY_CORS_ORIGINS: '*' })).toThrow(refusal);
    const listed = loadConfig(GatewayConfig, { NODE_ENV: 'production', GATEWAY_CORS_ORIGINS: 'https://app.example.com,https://example.com' });
    expect(listed.GATEWAY_CORS_ORIGINS).toBe('https://app.example.com,https://example.com');
  });
});
