import { EVENT_LIMITS as L } from './limits';
import { JsonSchema } from '../schema/compile-schema';
import { finiteNumber, objectOf, shortString } from '../schema/schema-parts';

/**
 * The typed parts of an event (seed 000's): columns of their own, which its metrics group by.
 * Every source may fill them; seed 000's API sends them as they are.
 */

/** A param carries exactly one of the three values. */
export interface EventParam {
  key: string;
  string_value?: string;
  number_value?: number;
  boolean_value?: boolean;
}

export interface Device {
  category?: string;
  mobile_brand_name?: string;
  mobile_model_name?: string;
  operating_system?: string;
  operating_system_version?: string;
  language?: string;
  browser_name?: string;
  browser_version?: string;
  hostname?: string;
}

export interface AppInfo {
  id?: string;
  version?: string;
}

export interface Item {
  id?: string;
  name?: string;
  brand?: string;
  variant?: string;
  price_in_usd?: number;
  quantity?: number;
  revenue_in_usd?: number;
}

const PARAM_VALUE_FIELDS = ['string_value', 'number_value', 'boolean_value'] as const;

const PARAM_SCHEMA = objectOf(
  {
    key: { type: 'string', minLength: 1, maxLength: L.keyLength },
    string_value: { type: 'string', maxLength: L.stringValueLength },
    number_value: finiteNumber(),
    boolean_value: { type: 'boolean' },
  },
  {
    required: ['key'],
    oneOf: PARAM_VALUE_FIELDS.map((field) => ({ required: [field] })),
    description: `A key with exactly one of ${PARAM_VALUE_FIELDS.join(', ')}.`,
  },
);

export const PARAM_LIST_SCHEMA = { type: 'array', maxItems: L.params, items: PARAM_SCHEMA, nullable: true } as const;

export const DEVICE_FIELDS = [
  'category',
  'mobile_brand_name',
  'mobile_model_name',
  'operating_system',
  'operating_system_version',
  'language',
  'browser_name',
  'browser_version',
  'hostname',
] as const satisfies ReadonlyArray<keyof Device>;

export const DEVICE_SCHEMA = objectOf(Object.fromEntries(DEVICE_FIELDS.map((field) => [field, shortString])), { nullable: true });

export const APP_INFO_SCHEMA = objectOf({ id: shortString, version: shortString }, { nullable: true });

const ITEM_SCHEMA = objectOf({
  id: shortString,
  name: shortString,
  brand: shortString,
  variant: shortString,
  price_in_usd: finiteNumber({ minimum: 0, nullable: true, 'x-reason': 'must be a finite number, not negative' }),
  quantity: {
    type: 'integer',
    minimum: 0,
    maximum: L.maxInteger,
    nullable: true,
    'x-reason': `must be an integer from 0 to ${L.maxInteger}`,
  },
  revenue_in_usd: finiteNumber({ nullable: true }),
});

export const ITEM_LIST_SCHEMA: JsonSchema = { type: 'array', maxItems: L.items, items: ITEM_SCHEMA, nullable: true };
