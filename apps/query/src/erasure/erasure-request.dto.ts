import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { EVENT_LIMITS } from '@tributary/contracts';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

const USER_ID_REASON = `must be a non-empty string of at most ${EVENT_LIMITS.shortStringLength} characters: the user id (or anonymous id) whose events to erase`;

/** The body of `POST /admin/erasures`. The project is the admin key's. */
export class ErasureRequestDto {
  @IsString({ message: USER_ID_REASON })
  @IsNotEmpty({ message: USER_ID_REASON })
  @MaxLength(EVENT_LIMITS.shortStringLength, { message: USER_ID_REASON })
  user_id!: string;
}

/** Its OpenAPI schema, written out: a class's schema cannot say that other fields are refused (the validation pipe refuses them). */
export const ERASURE_REQUEST_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['user_id'],
  additionalProperties: false,
  properties: {
    user_id: {
      type: 'string',
      minLength: 1,
      maxLength: EVENT_LIMITS.shortStringLength,
      description: "The user whose events to erase: every event whose user_id, or whose user key (the user id, else the anonymous id), is this, in the admin key's project.",
      example: 'user-123',
    },
  },
};
