import { isProbeOrDocs } from './rate-limits';

describe('isProbeOrDocs', () => {
  it.each(['/', '/health', '/ready', '/swagger', '/swagger/', '/swagger/*', '/swagger/index.html', '/swagger-json', '/swagger-yaml'])('leaves %s unlimited', (path) => {
    expect(isProbeOrDocs(path)).toBe(true);
  });

  it.each(['/events/metrics', '/metrics', '/api/read', '/stats', '/swaggerish', '/healthz'])('counts %s', (path) => {
    expect(isProbeOrDocs(path)).toBe(false);
  });
});
