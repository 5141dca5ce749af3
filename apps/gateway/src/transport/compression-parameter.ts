import { ApiQuery } from '@nestjs/swagger';

/**
 * posthog-js's `compression` query parameter, as a `json-or-form` route reads it (data-form.ts).
 * No enum: a value the gateway does not know is ignored, not refused.
 */
export function ApiCompressionQuery(): MethodDecorator {
  return ApiQuery({
    name: 'compression',
    required: false,
    type: 'string',
    description:
      "How posthog-js encoded the body: `base64` (the body, or its form's `data`, is the JSON's base64; posthog-js's beacons), `gzip-js` (a gzip body, found by its first bytes anyway). " +
      '`lz64` and `lz-string` (older posthog-js) are refused 415; any other value is ignored. Absent (the default): a form\'s own `compression` field says it, else the body is read as it is. ' +
      'A body that starts as JSON is JSON, whatever this says.',
    example: 'base64',
  });
}
