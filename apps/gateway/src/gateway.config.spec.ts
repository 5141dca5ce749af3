import { ConfigError, loadConfig } from '@tributary/platform';
import { GatewayConfig } from './gateway.config';

describe('GatewayConfig', () => {
  it('forwards no reads by default, and to an http(s) base URL when given one', () => {
    expect(loadConfig(GatewayConfig, {}).GATEWAY_READS_URL).toBe('');
    expect(loadConfig(GatewayConfig, { GATEWAY_READS_URL: '' }).GATEWAY_READS_URL).toBe('');
    expect(loadConfig(GatewayConfig, { GATEWAY_READS_URL: 'http://query:8081' }).GATEWAY_READS_URL).toBe('http://query:8081');
    expect(loadConfig(GatewayConfig, { GATEWAY_READS_URL: 'https://query.internal' }).GATEWAY_READS_URL).toBe('https://query.internal');
  });

  it.each(['query:8081', '127.0.0.1:8081', 'ftp://query:8081', 'not a url'])('refuses GATEWAY_READS_URL=%s, naming it', (value) => {
    expect(() => loadConfig(GatewayConfig, { GATEWAY_READS_URL: value })).toThrow(ConfigError);
    expect(() => loadConfig(GatewayConfig, { GATEWAY_READS_URL: value })).toThrow(`GATEWAY_READS_URL=${JSON.stringify(value)}: GATEWAY_READS_URL must be empty or an http(s) URL`);
  });
});
