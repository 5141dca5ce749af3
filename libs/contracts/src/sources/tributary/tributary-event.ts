import { AppInfo, Device, EventParam, Item } from '../../event/event-parts';
import { ChannelType } from './channel-type';

/** The event as seed 000's API (Tributary's own) receives it, after validation. */
export interface TributaryEvent {
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
