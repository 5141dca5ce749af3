import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, SecurityRequirementObject, SecuritySchemeObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export interface SwaggerOptions {
  title: string;
  description: string;
  /** The ways to send a key, documented in every mode (they name the headers). */
  securitySchemes?: Record<string, SecuritySchemeObject>;
  /**
   * The keys an operation requires (any one of the list), when they are required: only then, as
   * a document that demands a key the app does not check would be wrong (and a fuzzer says so).
   */
  securityOf?(path: string, method: string): SecurityRequirementObject[] | undefined;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * X-Request-Id, which every operation of every app reads (logging/request-id.ts): one parameter
 * of the document's components, named by each operation. No pattern: an unsafe value is not
 * refused, it is replaced.
 */
const REQUEST_ID_PARAMETER: ParameterObject = {
  name: 'X-Request-Id',
  in: 'header',
  required: false,
  description:
    "Your id of the request, answered in X-Request-Id and put on the lines logged about it (and, on a write, on each of its Kafka messages): kept when it is 1 to 128 characters of `A-Z a-z 0-9 . _ : -`; without one, or with another value, the app makes a UUID.",
  schema: { type: 'string', example: 'checkout-7f3a' },
};

/** The app's OpenAPI document, as /swagger serves it: its operations, the keys they require, the request id each takes. */
export function openApiDocumentOf(app: INestApplication, { title, description, securitySchemes, securityOf }: SwaggerOptions): OpenAPIObject {
  const builder = new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1');
  for (const [name, scheme] of Object.entries(securitySchemes ?? {})) builder.addSecurity(name, scheme);
  const document = SwaggerModule.createDocument(app, builder.build());
  document.components = { ...document.components, parameters: { ...document.components?.parameters, requestId: REQUEST_ID_PARAMETER } };
  for (const { path, method, operation } of operationsOf(document)) {
    operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/requestId' }];
    const security = securityOf?.(path, method);
    if (!security) continue;
    operation.security = security;
    operation.responses['401'] ??= { description: 'No valid key of the role this operation needs (missing, unknown, or of another role); `errors` names where the key goes. Nothing was done.' };
  }
  return document;
}

function operationsOf(document: OpenAPIObject): Array<{ path: string; method: string; operation: OperationObject }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );
}
