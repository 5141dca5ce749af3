import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHANNEL_TYPES, ChannelType } from './channel-type';
import { AppInfo, ClientEvent, Device, EventParam, Item } from './client-event';
import { HasExactlyOneValue } from './exactly-one-value';
import { EVENT_LIMITS as L } from './limits';

const FINITE = { allowNaN: false, allowInfinity: false };

function ShortString(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(L.shortStringLength)(target, key);
  };
}

function UnixSeconds(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsNumber(FINITE, { message: '$property must be a number of Unix seconds' })(target, key);
    Min(L.minTimestamp, { message: `$property must be Unix seconds from ${L.minTimestamp} (2000-01-01)` })(target, key);
    Max(L.maxTimestamp, { message: `$property must be Unix seconds below ${L.maxTimestamp} (2100-01-01); milliseconds are not accepted` })(target, key);
  };
}

function NestedList(type: () => new () => object, maxSize: number): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(maxSize)(target, key);
    IsObject({ each: true, message: 'each value in $property must be an object' })(target, key);
    ValidateNested({ each: true })(target, key);
    Type(type)(target, key);
  };
}

function NestedObject(type: () => new () => object): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsObject()(target, key);
    ValidateNested()(target, key);
    Type(type)(target, key);
  };
}

export class EventParamDto implements EventParam {
  @IsString()
  @IsNotEmpty()
  @MaxLength(L.keyLength)
  @HasExactlyOneValue()
  key!: string;

  @IsOptional()
  @IsString()
  @MaxLength(L.stringValueLength)
  string_value?: string;

  @IsOptional()
  @IsNumber(FINITE)
  number_value?: number;

  @IsOptional()
  @IsBoolean()
  boolean_value?: boolean;
}

export class DeviceDto implements Device {
  @ShortString() category?: string;
  @ShortString() mobile_brand_name?: string;
  @ShortString() mobile_model_name?: string;
  @ShortString() operating_system?: string;
  @ShortString() operating_system_version?: string;
  @ShortString() language?: string;
  @ShortString() browser_name?: string;
  @ShortString() browser_version?: string;
  @ShortString() hostname?: string;
}

export class AppInfoDto implements AppInfo {
  @ShortString() id?: string;
  @ShortString() version?: string;
}

export class ItemDto implements Item {
  @ShortString() id?: string;
  @ShortString() name?: string;
  @ShortString() brand?: string;
  @ShortString() variant?: string;

  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  price_in_usd?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  quantity?: number;

  @IsOptional()
  @IsNumber(FINITE)
  revenue_in_usd?: number;
}

export class EventDto implements ClientEvent {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(L.eventIdLength)
  event_id?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(L.nameLength)
  name!: string;

  @IsIn(CHANNEL_TYPES, { message: `$property must be one of ${CHANNEL_TYPES.join(', ')}` })
  channel_type!: ChannelType;

  @UnixSeconds() timestamp?: number;
  @UnixSeconds() previous_timestamp?: number;

  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO 8601 date-time such as 2024-01-15T10:30:00Z' })
  date?: string;

  @ShortString() user_id?: string;
  @ShortString() user_pseudo_id?: string;

  @NestedList(() => EventParamDto, L.params) event_params?: EventParamDto[];
  @NestedList(() => EventParamDto, L.params) user_params?: EventParamDto[];
  @NestedObject(() => DeviceDto) device?: DeviceDto;
  @NestedObject(() => AppInfoDto) app_info?: AppInfoDto;
  @NestedList(() => ItemDto, L.items) items?: ItemDto[];
}
