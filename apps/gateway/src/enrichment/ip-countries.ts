import maxmind, { Reader, Response } from 'maxmind';

/**
 * The country of an IP address, from an MMDB database. The default is the one the npm package
 * @ip-location-db/geo-whois-asn-country-mmdb ships: CC0 (public domain), so it may be
 * redistributed in images and charts, built from the regional registries' WHOIS and ASN data.
 * A MaxMind GeoLite2/GeoIP2 Country file can be configured instead (GATEWAY_GEOIP_DATABASE).
 */
export class IpCountries {
  private constructor(private readonly reader: Reader<Response>) {}

  static async open(path: string): Promise<IpCountries> {
    return new IpCountries(await maxmind.open<Response>(path));
  }

  /** ISO 3166-1 alpha-2, or undefined for a private, reserved or unknown address. */
  countryOf(ip: string): string | undefined {
    if (!maxmind.validate(ip)) return undefined;
    const record = this.reader.get(ip) as CountryRecord | null;
    const code = record?.country_code ?? record?.country?.iso_code;
    return code && /^[A-Z]{2}$/.test(code) ? code : undefined;
  }
}

/** The ip-location-db shape, and MaxMind's. */
interface CountryRecord {
  country_code?: string;
  country?: { iso_code?: string };
}

export const DEFAULT_GEOIP_DATABASE = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
