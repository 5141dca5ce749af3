import { CanonicalEvent, withoutNulls } from '@tributary/contracts';
import ipaddr from 'ipaddr.js';
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

/** 203.0.113.77 → 203.0.113.0; 2001:db8:1234:5678::1 → 2001:db8:1234::; an IPv4-mapped address keeps its form. */
export function anonymized(ip: string): string {
  if (!ipaddr.isValid(ip)) return '::';
  const address = ipaddr.parse(ip);
  if (address.kind() === 'ipv4') return maskedIpv4(address as ipaddr.IPv4).toString();
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return `::ffff:${maskedIpv4(v6.toIPv4Address())}`;
  return new ipaddr.IPv6([...v6.parts.slice(0, 3), 0, 0, 0, 0, 0]).toString();
}

function maskedIpv4(address: ipaddr.IPv4): ipaddr.IPv4 {
  return new ipaddr.IPv4([...address.octets.slice(0, 3), 0]);
}
