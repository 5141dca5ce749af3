import { SOURCES, writeKeyFieldOf } from '@tributary/contracts';
import type { SecurityRequirementObject, SecuritySchemeObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { routesByPath } from '../sources/route-table';

/** The ways a producer sends its write key, as the OpenAPI document names them. */
export const WRITE_KEY_SCHEMES: Record<string, SecuritySchemeObject> = {
  writeKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Write-Key',
    description: "The project's write key, for Tributary's own endpoints and the seeds' (and any source's, as a fallback). Required when TRIBUTARY_AUTH=keys.",
  },
  segmentWriteKey: {
    type: 'http',
    scheme: 'basic',
    description: "Segment's SDKs: the write key as Basic auth's user name, the password empty (or the body's `writeKey`). Required when TRIBUTARY_AUTH=keys.",
  },
};

export const WRITE_KEY_NOTE =
  "With TRIBUTARY_AUTH=keys every write needs the project's write key: Segment's as Basic auth's user (or the body's writeKey), PostHog's as the body's api_key (or token), every other source's in X-Write-Key; a request without one is refused 401 and the events go into the key's project.";

const FIELDS_BY_PATH = new Map([...routesByPath(SOURCES)].map(([path, routes]) => [path, new Set(routes.map(({ source }) => writeKeyFieldOf(source)))]));

/**
 * The keys an ingestion path requires in keys mode. PostHog's key is in the body, which OpenAPI's
 * security schemes cannot name: its operations say so in the document's description instead.
 */
export function writeKeySecurityOf(path: string): SecurityRequirementObject[] | undefined {
  const fields = FIELDS_BY_PATH.get(path);
  if (!fields || fields.has('api_key')) return undefined;
  return fields.has('authorization') ? [{ segmentWriteKey: [] }, { writeKey: [] }] : [{ writeKey: [] }];
}
