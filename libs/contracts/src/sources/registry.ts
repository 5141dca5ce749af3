import { Source } from './source';
import { TRIBUTARY_SOURCE } from './tributary/tributary.source';
import { TRACKING_API_SOURCE } from './tracking-api/tracking-api.source';
import { LOG_SERVICE_SOURCE } from './log-service/log-service.source';
import { SEGMENT_SOURCE } from './segment/segment.source';
import { POSTHOG_SOURCE } from './posthog/posthog.source';
import { DEVICE_COLLECTOR_SOURCE } from './device-collector/device-collector.source';
import { SITE_ANALYTICS_SOURCE } from './site-analytics/site-analytics.source';

/** Every door events come in through. Adding a source: its folder, and one line here. */
export const SOURCES: readonly Source[] = [TRIBUTARY_SOURCE, TRACKING_API_SOURCE, LOG_SERVICE_SOURCE, SEGMENT_SOURCE, POSTHOG_SOURCE, DEVICE_COLLECTOR_SOURCE, SITE_ANALYTICS_SOURCE];
