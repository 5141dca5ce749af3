import { IsOptional, IsString, IsUrl, Matches, ValidateBy, ValidationArguments } from 'class-validator';
import { IsPemFile, OnlyWhen, SetTogetherWith } from './file-setting';
import { IsSecret } from './secret-setting';

const usesHttps = (config: Record<string, unknown>) => String(config.CLICKHOUSE_URL).toLowerCase().startsWith('https:');
const HTTPS_URL = 'CLICKHOUSE_URL is an https URL';

export class ClickHouseConfig {
  /** HTTP(S) URL of the ClickHouse server; by default the embedded engine that `npm start` runs. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'CLICKHOUSE_URL must be an http(s) URL' })
  @ValidateBy({
    name: 'noCredentialsInUrl',
    validator: {
      validate: (url: unknown) => !/^[a-z]+:\/\/[^/]*@/i.test(String(url)),
      defaultMessage: () => 'CLICKHOUSE_URL must not carry credentials: set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD (or CLICKHOUSE_PASSWORD_FILE)',
    },
  })
  CLICKHOUSE_URL = 'http://127.0.0.1:8123';

  @IsString()
  CLICKHOUSE_USER = 'default';

  /** Also from the file CLICKHOUSE_PASSWORD_FILE names (a mounted Secret). */
  @IsSecret()
  @IsOptional()
  @IsString()
  CLICKHOUSE_PASSWORD = '';

  /** Database holding the events table; created when missing. */
  @Matches(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/, { message: 'CLICKHOUSE_DATABASE must be a plain identifier' })
  CLICKHOUSE_DATABASE = 'tributary';

  /** PEM bundle of the CAs that sign the server's certificate; the system's CAs when unset. */
  @IsPemFile()
  @OnlyWhen(usesHttps, HTTPS_URL)
  @RequiredForClientCertificate()
  CLICKHOUSE_TLS_CA_FILE = '';

  /** PEM client certificate, for a server that requires one (mutual TLS). */
  @IsPemFile()
  @SetTogetherWith('CLICKHOUSE_TLS_KEY_FILE')
  @OnlyWhen(usesHttps, HTTPS_URL)
  CLICKHOUSE_TLS_CERT_FILE = '';

  /** PEM private key of the client certificate. */
  @IsPemFile()
  @SetTogetherWith('CLICKHOUSE_TLS_CERT_FILE')
  @OnlyWhen(usesHttps, HTTPS_URL)
  CLICKHOUSE_TLS_KEY_FILE = '';
}

/** @clickhouse/client takes a client certificate only together with the CA (its mutual TLS options). */
function RequiredForClientCertificate(): PropertyDecorator {
  return ValidateBy({
    name: 'requiredForClientCertificate',
    validator: {
      validate: (ca: unknown, args?: ValidationArguments) => ca !== '' || (args?.object as ClickHouseConfig).CLICKHOUSE_TLS_CERT_FILE === '',
      defaultMessage: () => 'CLICKHOUSE_TLS_CA_FILE is required with CLICKHOUSE_TLS_CERT_FILE (the client takes a client certificate only with the CA)',
    },
  });
}
