import { ApiProperty } from '@nestjs/swagger';

/** One recorded erasure. */
export class ErasureRecordDto {
  @ApiProperty({ example: '3f0c2a9e-5b7d-4e1a-9c8f-2d6b1e4a7c90' })
  erasure_id!: string;

  @ApiProperty({ description: "The admin key's project.", example: 'shop' })
  project!: string;

  @ApiProperty({ example: 'user-123' })
  user_id!: string;

  @ApiProperty({ description: 'When the erasure was recorded (UTC): events of the user received or dated before it stay erased, copies arriving later included.', example: '2026-12-01T03:15:00.000Z' })
  requested_at!: string;

  @ApiProperty({ description: 'The X-Request-Id of the request (the one it sent, else the one it was given).', example: 'b1946ac9-2f1f-4c4e-8d39-6f1a5c2e8a11' })
  request_id!: string;
}

/** The answer of `POST /admin/erasures`. */
export class ErasureDto extends ErasureRecordDto {
  @ApiProperty({ description: "The user's events found stored when the erasure ran, each counted once, all deleted (ClickHouse's DELETE itself reports no count).", example: 42 })
  deleted!: number;
}

/** The answer of `GET /admin/erasures`. */
export class ErasureListDto {
  @ApiProperty({ type: [ErasureRecordDto], description: "The project's erasures, newest first." })
  erasures!: ErasureRecordDto[];
}
