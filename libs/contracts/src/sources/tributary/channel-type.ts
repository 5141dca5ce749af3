export const CHANNEL_TYPES = ['web', 'mobile', 'desktop', 'tv', 'console', 'other'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
