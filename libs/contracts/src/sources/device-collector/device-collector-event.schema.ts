import { EVENT_LIMITS as L } from '../../event/limits';
import { JsonSchema, SPACED_ISO_8601_FORMAT } from '../../schema/compile-schema';
import { objectOf, shortString } from '../../schema/schema-parts';

/** Long enough for any platform's device id (a UUID is 36 characters, an Android id 16). */
export const DEVICE_COLLECTOR_DEVICE_ID_LENGTH = 64;
/** The digits of the largest sequence, 2^53 - 1. */
const SEQUENCE_DIGITS = String(L.maxInteger).length;
/** What is left of an event_id (`device_id/session/sequence`) for the session. */
export const DEVICE_COLLECTOR_SESSION_LENGTH = L.eventIdLength - DEVICE_COLLECTOR_DEVICE_ID_LENGTH - SEQUENCE_DIGITS - 2;

/** Seed 003's event: the one definition, compiled into its validator and served as its OpenAPI body. */
export const DEVICE_COLLECTOR_EVENT_SCHEMA: JsonSchema = objectOf(
  {
    client_time: {
      type: 'string',
      format: SPACED_ISO_8601_FORMAT,
      nullable: true,
      description: "When the event happened by the device's clock: a date and time without zone is UTC. The receive time when absent.",
      example: '2020-12-01 23:59:00',
      'x-reason': 'must be a date-time such as 2020-12-01 23:59:00 (UTC) or ISO 8601 such as 2020-12-01T23:59:00Z, from 2000-01-01 to 2100-01-01',
    },
    device_id: { type: 'string', minLength: 1, maxLength: DEVICE_COLLECTOR_DEVICE_ID_LENGTH, example: '0287D9AA-4ADF-4B37-A60F-3E9E645C821E' },
    device_os: { ...shortString, description: 'The system, a space, its version.', example: 'iOS 13.5.1' },
    session: { type: 'string', minLength: 1, maxLength: DEVICE_COLLECTOR_SESSION_LENGTH, example: 'ybuRi8mAUypxjbxQ' },
    sequence: {
      type: 'integer',
      minimum: 0,
      maximum: L.maxInteger,
      description: 'The rank of the event in its session: with device_id and session, what tells a resend from a new event.',
      example: 1,
      'x-reason': `must be an integer from 0 to ${L.maxInteger}`,
    },
    event: { type: 'string', minLength: 1, maxLength: L.nameLength, example: 'app_start' },
    param_int: {
      type: 'integer',
      minimum: -L.maxInteger,
      maximum: L.maxInteger,
      nullable: true,
      example: 0,
      'x-reason': `must be an integer from -${L.maxInteger} to ${L.maxInteger}: JSON numbers lose digits beyond`,
    },
    param_str: { type: 'string', maxLength: L.stringValueLength, nullable: true, example: 'some text' },
  },
  // event is the event's name. device_id, session and sequence are seed 003's dedup key: without
  // one of them a resend could not be told from a new event (every client of seed 003 sends all three).
  { required: ['event', 'device_id', 'session', 'sequence'] },
);
