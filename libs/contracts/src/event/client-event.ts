import { ChannelType } from './channel-type';

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

/** The event as a client sends it (seed 000's schema), after validation. */
export interface ClientEvent {
  event_id?: string;
  name: string;
  channel_type: ChannelType;
  /** Unix seconds, the client's own clock. */
  timestamp?: number;
  previous_timestamp?: number;
  /** ISO 8601, the client's own clock; used when timestamp is absent. */
  date?: string;
  user_id?: string;
  user_pseudo_id?: string;
  event_params?: EventParam[];
  user_params?: EventParam[];
  device?: Device;
  app_info?: AppInfo;
  items?: Item[];
}
