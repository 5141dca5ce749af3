import { isUuid, uuidFromText } from '../../dedup/uuid';
import { DeviceCollectorEvent } from './device-collector-event';
import { deviceCollectorEventIdOf, deviceCollectorIdOf } from './device-collector-id';

const event: DeviceCollectorEvent = {
  client_time: '2020-12-01 23:59:00',
  device_id: '0287D9AA-4ADF-4B37-A60F-3E9E645C821E',
  device_os: 'iOS 13.5.1',
  session: 'ybuRi8mAUypxjbxQ',
  sequence: 1,
  event: 'app_start',
  param_int: 0,
  param_str: 'some text',
};

describe('deviceCollectorIdOf', () => {
  it('keys on device_id, session and sequence alone: a resend with another client_time or params is the same event', () => {
    const id = deviceCollectorIdOf(event);
    expect(isUuid(id)).toBe(true);
    const resent: DeviceCollectorEvent = { ...event, client_time: '2020-12-02 00:05:00', param_int: 7, param_str: 'other', device_os: 'iOS 14.0' };
    expect(deviceCollectorIdOf(resent)).toBe(id);
  });

  it('changes with each field of the key', () => {
    const id = deviceCollectorIdOf(event);
    for (const change of [{ device_id: 'other' }, { session: 'other' }, { sequence: 2 }, { sequence: 0 }]) {
      expect(deviceCollectorIdOf({ ...event, ...change })).not.toBe(id);
    }
  });

  it('separates the fields, so that moving text from one to the next is another key', () => {
    expect(deviceCollectorIdOf({ device_id: 'a/b', session: 'c', sequence: 1 })).not.toBe(deviceCollectorIdOf({ device_id: 'a', session: 'b/c', sequence: 1 }));
  });

  it('is the UUID of its namespaced text, which must never change (stored ids derive from it)', () => {
    expect(deviceCollectorIdOf(event)).toBe(uuidFromText('device-collector\u00000287D9AA-4ADF-4B37-A60F-3E9E645C821E\u0000ybuRi8mAUypxjbxQ\u00001'));
    expect(deviceCollectorIdOf(event)).toBe('d435852d-cc5e-8b07-af93-aaecd8daad0e');
  });
});

describe('deviceCollectorEventIdOf', () => {
  it('is device_id/session/sequence', () => {
    expect(deviceCollectorEventIdOf(event)).toBe('0287D9AA-4ADF-4B37-A60F-3E9E645C821E/ybuRi8mAUypxjbxQ/1');
  });
});
