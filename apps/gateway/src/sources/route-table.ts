import { eventSchemaOf, JsonSchema, payloadsOfBody, Source, SourceRoute, validatePayload } from '@tributary/contracts';

export interface RouteOfSource {
  source: Source;
  route: SourceRoute;
}

/** Every path the sources answer, with the routes that claim it; a shared path's routes must read bodies alike. */
export function routesByPath(sources: readonly Source[]): Map<string, RouteOfSource[]> {
  const byPath = new Map<string, RouteOfSource[]>();
  for (const source of sources) {
    for (const route of source.routes) {
      for (const path of route.paths) byPath.set(path, [...(byPath.get(path) ?? []), { source, route }]);
    }
  }
  for (const [path, candidates] of byPath) {
    if (new Set(candidates.map(({ route }) => route.reading)).size > 1) throw new Error(`the sources sharing ${path} read bodies differently`);
  }
  return byPath;
}

/**
 * The route whose source's shape the body matches: the one with the fewest errors on its
 * first event, the first registered on a tie. The shapes of sources sharing a path are disjoint,
 * so a valid body matches exactly one.
 */
export function closestRoute(candidates: RouteOfSource[], body: unknown): RouteOfSource {
  if (candidates.length === 1) return candidates[0];
  const errorsOf = ({ source, route }: RouteOfSource): number => {
    const found = payloadsOfBody(route, body);
    if (!found.ok) return Number.MAX_SAFE_INTEGER;
    const first = validatePayload(source, found.value.payloads[0], '', undefined, route);
    return first.ok ? 0 : first.errors.length;
  };
  let closest = { candidate: candidates[0], errors: Number.MAX_SAFE_INTEGER };
  for (const candidate of candidates) {
    const errors = errorsOf(candidate);
    if (errors === 0) return candidate;
    if (errors < closest.errors) closest = { candidate, errors };
  }
  return closest.candidate;
}

/** The body a path takes, for the OpenAPI document: each source's event, alone or in its batch envelope. */
export function documentedBody(candidates: RouteOfSource[]): JsonSchema {
  const bodies = candidates.map(({ source, route }) => bodyOf(source, route));
  return bodies.length === 1 ? bodies[0] : { oneOf: bodies };
}

function bodyOf(source: Source, route: SourceRoute): JsonSchema {
  const eventSchema = eventSchemaOf(source, route);
  if ('one' in route.events || route.reading === 'ndjson') return eventSchema;
  const { field, maxEvents, orOne } = route.events;
  const batch = {
    type: 'object',
    additionalProperties: route.openEnvelope === true,
    required: [field],
    properties: { ...route.envelope, [field]: { type: 'array', minItems: 1, maxItems: maxEvents, items: eventSchema } },
  };
  return orOne ? { oneOf: [batch, eventSchema] } : batch;
}
