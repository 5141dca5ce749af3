import { createClient } from '@clickhouse/client';
import { deep } from '../../../libs/platform/src/kafka/deep';
import { breach } from '../../writer/src/ingest/decode-batch';

export const breaches = [createClient, deep, breach];
