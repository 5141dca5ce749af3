import { CanonicalEvent } from '@tributary/contracts';
import { anonymized, EventEnricher } from './event-enricher';
import { DEFAULT_GEOIP_DATABASE, IpCountries } from './ip-countries';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const event = (fields: Partial<CanonicalEvent>): CanonicalEvent => ({ source: 'test', name: 'n', channel: 'web', ...fields });

describe('EventEnricher', () => {
  let countries: IpCountries;
  beforeAll(async () => {
    countries = await IpCountries.open(DEFAULT_GEOIP_DATABASE);
  });

  it('reads the device from the user agent', () => {
    const enriched = new EventEnricher(countries, { anonymizeIp: false }).enrich(event({ user_agent: IPHONE }));
    expect(enriched.device).toEqual({ category: 'mobile', browser_name: 'Safari', browser_version: '17.1', operating_system: 'iOS', operating_system_version: '17.1' });
  });

  it('keeps the device fields the producer sent', () => {
    const enriched = new EventEnricher(countries, { anonymizeIp: false }).enrich(event({ user_agent: IPHONE, device: { browser_name: 'MyApp', category: 'tablet' } }));
    expect(enriched.device).toMatchObject({ browser_name: 'MyApp', category: 'tablet', operating_system: 'iOS' });
  });

  it('reads the country of a public address, none of a private one', () => {
    const enricher = new EventEnricher(countries, { anonymizeIp: false });
    expect(enricher.enrich(event({ ip: '81.2.69.160' })).country).toBe('GB');
    expect(enricher.enrich(event({ ip: '2a00:1450:4001:80b::200e' })).country).toBe('IE');
    expect(enricher.enrich(event({ ip: '10.0.0.1' }))).not.toHaveProperty('country');
  });

  it('anonymises the address after reading its country, when asked', () => {
    const enriched = new EventEnricher(countries, { anonymizeIp: true }).enrich(event({ ip: '81.2.69.160' }));
    expect([enriched.ip, enriched.country]).toEqual(['81.2.69.0', 'GB']);
  });

  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['2001:db8:1234:5678::1', '2001:db8:1234::'],
    ['::1', '::'],
    ['::ffff:192.0.2.9', '::ffff:192.0.2.0'],
    ['2001:0db8:0000:5678:9abc:def0:1234:5678', '2001:db8::'],
  ])('anonymises %s as %s', (ip, expected) => {
    expect(anonymized(ip)).toBe(expected);
  });
});
