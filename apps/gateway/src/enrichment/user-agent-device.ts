import { Device } from '@tributary/contracts';
import Bowser from 'bowser';
import { LRUCache } from 'lru-cache';

/** User agents repeat: a parse costs ~12 µs, a cache hit well under one. */
const CACHED_USER_AGENTS = 10_000;

type DeviceOfUserAgent = Pick<Device, 'category' | 'browser_name' | 'browser_version' | 'operating_system' | 'operating_system_version'>;

/**
 * The device a user agent names, read by bowser (MIT; ua-parser-js 2.x would be AGPL): the
 * browser, its version, the OS, its version, and the category (mobile, tablet, desktop, tv, bot).
 */
export class UserAgentDevices {
  private readonly cache = new LRUCache<string, DeviceOfUserAgent>({ max: CACHED_USER_AGENTS });

  deviceOf(userAgent: string): DeviceOfUserAgent {
    let device = this.cache.get(userAgent);
    if (!device) {
      device = parsed(userAgent);
      this.cache.set(userAgent, device);
    }
    return device;
  }
}

function parsed(userAgent: string): DeviceOfUserAgent {
  const { browser, os, platform } = Bowser.parse(userAgent);
  const fields: DeviceOfUserAgent = {
    category: platform.type,
    browser_name: browser.name,
    browser_version: browser.version,
    operating_system: os.name,
    operating_system_version: os.version,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value)) as DeviceOfUserAgent;
}
