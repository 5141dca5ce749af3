import { CanonicalEvent, withoutNulls } from '@tributary/contracts';
import { isIPv4 } from 'node:net';
import { IpCountries } from './ip-countries';
import { UserAgentDevices } from './user-agent-device';

export interface EnrichmentOptions {
  /** Store the client's address without its last octet (IPv4) or beyond its /48 (IPv6), after the country is read. */
  anonymizeIp: boolean;
}

/**
 * Adds what the request tells about the client: the device fields the producer did not send,
 * from the user agent, and the country of the address.
 */
export class EventEnricher {
  private readonly devices = new UserAgentDevices();

  constructor(
    private readonly countries: IpCountries,
    private readonly options: EnrichmentOptions,
  ) {}

  /** Adds to the event in place: it was made for this request alone. */
  enrich(event: CanonicalEvent): CanonicalEvent {
    if (event.user_agent) event.device = { ...this.devices.deviceOf(event.user_agent), ...withoutNulls(event.device ?? {}) };
    if (event.ip) {
      const country = event.country ?? this.countries.countryOf(event.ip);
      if (country !== undefined) event.country = country;
      if (this.options.anonymizeIp) event.ip = anonymized(event.ip);
    }
    return event;
  }
}

/** 203.0.113.77 → 203.0.113.0; 2001:db8:1234:5678::1 → 2001:db8:1234::. */
export function anonymized(ip: string): string {
  if (isIPv4(ip)) return ip.replace(/\.\d+$/, '.0');
  const mapped = /^::ffff:(.+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1])) return `::ffff:${anonymized(mapped[1])}`;
  const groups = expandedIpv6(ip);
  // An address of a form not read here keeps nothing rather than all of itself.
  if (!groups) return '::';
  return compressedIpv6(`${groups.slice(0, 3).join(':')}::`);
}

function expandedIpv6(ip: string): string[] | undefined {
  const [head, tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  if (right.some((group) => group.includes('.')) || left.some((group) => group.includes('.'))) return undefined;
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right];
}

/** The shortest form, as URL parsing writes an IPv6 host: 2001:0db8:0:: → 2001:db8::. */
function compressedIpv6(ip: string): string {
  return new URL(`http://[${ip}]`).hostname.slice(1, -1);
}
