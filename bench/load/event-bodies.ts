import { randomBytes } from 'node:crypto';

/** How events travel in one request: seed 000's single event, its JSON batch, or seed 003's NDJSON batch. */
export type BodyKind = 'single' | 'json-batch' | 'ndjson-batch';

export const CONTENT_TYPE: Record<BodyKind, string> = {
  single: 'application/json',
  'json-batch': 'application/json',
  'ndjson-batch': 'application/x-ndjson',
};

export const PATH: Record<BodyKind, string> = { single: '/events', 'json-batch': '/events/batch', 'ndjson-batch': '/events/batch' };

const NAMES = ['app_start', 'level_start', 'level_complete', 'ad_show', 'purchase'];
const OS = [
  ['iOS', '13.5.1'],
  ['Android', '14'],
  ['iOS', '17.2'],
];

/**
 * Seed 003's event (client_time, device_id, device_os, session, sequence, event, param_int,
 * param_str) in seed 000's schema, which the gateway takes. `session` is random per generator
 * and `sequence` counts up, so every event is distinct and gets its own content-derived id, as a
 * real client's events would: no two collapse into one Kafka key.
 */
export class EventBodies {
  private readonly session = randomBytes(8).toString('hex');
  private readonly timestamp = Math.floor(Date.now() / 1000);
  private sequence = 0;

  constructor(private readonly kind: BodyKind, private readonly eventsPerRequest: number) {}

  next(): string {
    if (this.kind === 'single') return this.event();
    const events = Array.from({ length: this.eventsPerRequest }, () => this.event());
    return this.kind === 'ndjson-batch' ? `${events.join('\n')}\n` : `{"events":[${events.join(',')}]}`;
  }

  private event(): string {
    const n = this.sequence++;
    const [os, version] = OS[n % OS.length];
    return (
      `{"name":"${NAMES[n % NAMES.length]}","channel_type":"mobile","timestamp":${this.timestamp},` +
      `"user_pseudo_id":"device-${this.session}-${n % 1000}","device":{"operating_system":"${os}","operating_system_version":"${version}"},` +
      `"event_params":[{"key":"session","string_value":"${this.session}"},{"key":"sequence","number_value":${n}},` +
      `{"key":"param_int","number_value":${n % 97}},{"key":"param_str","string_value":"some text"}]}`
    );
  }
}

/** The Kafka message value the gateway publishes for one such event (docs/kafka-message-format.md), for size comparisons. */
export function sampleMessageValue(): string {
  const event: unknown = JSON.parse(new EventBodies('single', 1).next());
  return JSON.stringify({ v: 1, id: '0d9ae9c4-5a1b-8c3d-9e4f-0123456789ab', received_at: new Date().toISOString(), client_ip: '127.0.0.1', event });
}
