import { canonicalEventOf } from '../accept-payload';
import { DeviceCollectorEvent } from './device-collector-event';
import { deviceCollectorIdOf } from './device-collector-id';
import { DEVICE_COLLECTOR_SOURCE } from './device-collector.source';

const receipt = { receivedAt: new Date('2020-12-01T23:53:00Z'), clientIp: '8.8.8.8', userAgent: 'Go-http-client/1.1' };

const example: DeviceCollectorEvent = {
  client_time: '2020-12-01 23:59:00',
  device_id: '0287D9AA-4ADF-4B37-A60F-3E9E645C821E',
  device_os: 'iOS 13.5.1',
  session: 'ybuRi8mAUypxjbxQ',
  sequence: 1,
  event: 'app_start',
  param_int: 0,
  param_str: 'some text',
};

describe("seed 003's event as a canonical event", () => {
  it('maps the name, a mobile channel, the device as anonymous user, the system and its version, the time as UTC, and the key as event_id', () => {
    expect(canonicalEventOf(DEVICE_COLLECTOR_SOURCE, example, receipt)).toEqual({
      id: deviceCollectorIdOf(example),
      source: 'device-collector',
      project: 'default',
      name: 'app_start',
      channel: 'mobile',
      event_id: '0287D9AA-4ADF-4B37-A60F-3E9E645C821E/ybuRi8mAUypxjbxQ/1',
      anonymous_id: '0287D9AA-4ADF-4B37-A60F-3E9E645C821E',
      time: '2020-12-01T23:59:00.000Z',
      ip: '8.8.8.8',
      user_agent: 'Go-http-client/1.1',
      device: { operating_system: 'iOS', operating_system_version: '13.5.1' },
      properties: { session: 'ybuRi8mAUypxjbxQ', sequence: 1, param_int: 0, param_str: 'some text' },
    });
  });

  it('reads an ISO 8601 client_time with its zone', () => {
    expect(canonicalEventOf(DEVICE_COLLECTOR_SOURCE, { ...example, client_time: '2020-12-02T01:59:00.5+02:00' }, receipt).time).toBe('2020-12-01T23:59:00.500Z');
  });

  it('splits device_os at the first space only, and keeps a system without version', () => {
    const deviceOf = (device_os: string) => canonicalEventOf(DEVICE_COLLECTOR_SOURCE, { ...example, device_os }, receipt).device;
    expect(deviceOf('Android 11 (Go edition)')).toEqual({ operating_system: 'Android', operating_system_version: '11 (Go edition)' });
    expect(deviceOf('tvOS')).toEqual({ operating_system: 'tvOS' });
    expect(deviceOf('')).toBeUndefined();
  });

  it('has no time, device or params when the event has none: the writer dates it at its receipt', () => {
    const bare = { device_id: 'd', session: 's', sequence: 0, event: 'e', client_time: null, param_int: null } as unknown as DeviceCollectorEvent;
    const event = canonicalEventOf(DEVICE_COLLECTOR_SOURCE, bare, receipt);
    expect(event).not.toHaveProperty('time');
    expect(event).not.toHaveProperty('device');
    expect(event.properties).toEqual({ session: 's', sequence: 0 });
    expect(event.event_id).toBe('d/s/0');
  });
});

describe("seed 003's answer", () => {
  const [route] = DEVICE_COLLECTOR_SOURCE.routes;

  it('is POST /api/events, NDJSON whatever the Content-Type, up to 1000 events named events[i]', () => {
    expect([route.paths, route.reading, route.events]).toEqual([['/api/events'], 'ndjson', { field: 'events', maxEvents: 1000 }]);
  });

  it('is 200 with no body', () => {
    const event = { ...canonicalEventOf(DEVICE_COLLECTOR_SOURCE, example, receipt), id: deviceCollectorIdOf(example) };
    expect([route.status, route.respond([{ payload: example, event }], { receivedAt: new Date() })]).toEqual([200, undefined]);
  });
});
