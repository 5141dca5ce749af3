import { PostHogEvent } from './posthog-event';

/** As posthog-node 5.70 posts it (captured from the SDK): the batch envelope and an event. */
export const POSTHOG_NODE_BATCH = {
  api_key: 'ph-key',
  batch: [
    {
      event: 'signed up',
      properties: { plan: 'pro', $lib: 'posthog-node', $lib_version: '5.70.0', $is_server: true, $geoip_disable: true },
      timestamp: '2026-11-30T18:51:38.728Z',
      uuid: '01a22dcc-6168-7271-86c6-101e7fc1a9fd',
      distinct_id: 'u1',
    },
    {
      event: '$identify',
      properties: { $set: { email: 'a@b.c' }, $set_once: {}, $lib: 'posthog-node', $lib_version: '5.70.0', $is_server: true, $geoip_disable: true },
      timestamp: '2026-11-30T18:51:38.728Z',
      uuid: '01a22dcc-6168-7271-86c6-101f9eeac911',
      distinct_id: 'u1',
    },
  ],
  sent_at: '2026-11-30T18:51:38.729Z',
};

/** A $pageview as posthog-js sends it: the user and the key in the properties, $browser_version a number. */
export const POSTHOG_JS_PAGEVIEW: PostHogEvent = {
  uuid: '018d0c5a-7b3e-7c1a-9f2e-4b5c6d7e8f90',
  event: '$pageview',
  properties: {
    $os: 'Mac OS X',
    $os_version: '10.15.7',
    $browser: 'Chrome',
    $device_type: 'Desktop',
    $current_url: 'https://example.com/pricing?plan=pro',
    $host: 'example.com',
    $pathname: '/pricing',
    $raw_user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    $browser_version: 120,
    $browser_language: 'en-US',
    $screen_height: 1117,
    $screen_width: 1728,
    $lib: 'web',
    $lib_version: '1.449.0',
    $insert_id: 'k2b3x9q1w8e7r6t5',
    $time: 1705314600.123,
    distinct_id: '018d0c5a-anon',
    $device_id: '018d0c5a-anon',
    $referrer: '$direct',
    $referring_domain: '$direct',
    token: 'phc_web_key',
    $session_id: '018d0c5a-7b3e-7c1a-9f2e-000000000001',
    $window_id: '018d0c5a-7b3e-7c1a-9f2e-000000000002',
    $is_identified: false,
    $process_person_profile: false,
    title: 'Pricing',
  },
  timestamp: '2024-01-15T10:30:00.123Z',
};

/** An autocapture click: nested arrays of objects in the properties, kept whole. */
export const POSTHOG_JS_AUTOCAPTURE: PostHogEvent = {
  uuid: '018d0c5a-7b3e-7c1a-9f2e-4b5c6d7e8f91',
  event: '$autocapture',
  properties: {
    $event_type: 'click',
    $elements: [{ tag_name: 'button', $el_text: 'Buy', classes: ['btn', 'primary'], attr__class: 'btn primary', nth_child: 2, nth_of_type: 1 }],
    $current_url: 'https://example.com/pricing',
    $lib: 'web',
    distinct_id: 'user-7',
    token: 'phc_web_key',
  },
  timestamp: '2024-01-15T10:30:05.000Z',
};
