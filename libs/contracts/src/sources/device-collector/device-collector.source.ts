import { Device } from '../../event/event-parts';
import { CanonicalEvent } from '../../event/canonical-event';
import { instantOfIsoDate, isoOfSpacedDate } from '../../event/iso-date';
import { EVENT_LIMITS } from '../../event/limits';
import { withoutNulls } from '../accept-payload';
import { Source } from '../source';
import { DeviceCollectorEvent } from './device-collector-event';
import { DEVICE_COLLECTOR_EVENT_SCHEMA } from './device-collector-event.schema';
import { deviceCollectorEventIdOf, deviceCollectorIdOf } from './device-collector-id';

export const DEVICE_COLLECTOR_BATCH_EVENTS = 1000;

const EXAMPLE: DeviceCollectorEvent = {
  client_time: '2020-12-01 23:59:00',
  device_id: '0287D9AA-4ADF-4B37-A60F-3E9E645C821E',
  device_os: 'iOS 13.5.1',
  session: 'ybuRi8mAUypxjbxQ',
  sequence: 1,
  event: 'app_start',
  param_int: 0,
  param_str: 'some text',
};

/** Seed 003's event collector: `POST /api/events`, NDJSON, one event a line. */
export const DEVICE_COLLECTOR_SOURCE: Source<DeviceCollectorEvent> = {
  name: 'device-collector',
  title: 'Device event collector (seed 003)',
  eventSchema: DEVICE_COLLECTOR_EVENT_SCHEMA,
  maxEventBytes: EVENT_LIMITS.eventBytes,
  invalidEvent: 'refuse-request',
  routes: [
    {
      paths: ['/api/events'],
      summary: `Send up to ${DEVICE_COLLECTOR_BATCH_EVENTS} events as NDJSON, one a line, whatever the Content-Type`,
      // Seed 003 says only that the body is JSON objects separated by \n: its clients may send it
      // under any type, or none.
      reading: 'ndjson',
      events: { field: 'events', maxEvents: DEVICE_COLLECTOR_BATCH_EVENTS },
      // Seed 003's clients need only know the body was read: 200, no body (its benchmark's Document Length: 0).
      status: 200,
      respond: () => undefined,
      examples: { ndjson: [EXAMPLE, { ...EXAMPLE, sequence: 2, event: 'level_start', param_int: 1 }].map((event) => JSON.stringify(event)).join('\n') },
    },
  ],
  toCanonical: (event): CanonicalEvent => ({
    id: deviceCollectorIdOf(event),
    source: 'device-collector',
    name: event.event,
    channel: 'mobile',
    event_id: deviceCollectorEventIdOf(event),
    anonymous_id: event.device_id,
    time: event.client_time == null ? undefined : instantOfIsoDate(isoOfSpacedDate(event.client_time)).toISOString(),
    device: event.device_os == null ? undefined : deviceOf(event.device_os),
    properties: withoutNulls({ session: event.session, sequence: event.sequence, param_int: event.param_int, param_str: event.param_str }),
  }),
};

/** "iOS 13.5.1": the system before the first space, its version after. */
function deviceOf(deviceOs: string): Device | undefined {
  const space = deviceOs.indexOf(' ');
  const system = space < 0 ? deviceOs : deviceOs.slice(0, space);
  const version = space < 0 ? '' : deviceOs.slice(space + 1).trim();
  const device = withoutNulls({ operating_system: system || undefined, operating_system_version: version || undefined });
  return Object.keys(device).length === 0 ? undefined : device;
}
