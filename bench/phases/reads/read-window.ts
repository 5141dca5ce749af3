import { FILL_DAYS, FILL_START } from '../fill-events';

const DAY_MS = 86_400_000;
const weekStart = new Date(FILL_START.getTime() + (FILL_DAYS / 2) * DAY_MS);
const weekEnd = new Date(weekStart.getTime() + 7 * DAY_MS - 1000);

/** A week in the middle of the filled days, as ISO 8601 bounds (seed 000, /events/stats)… */
export const MIDDLE_WEEK = { from: weekStart.toISOString(), to: weekEnd.toISOString() };
/** …and as Unix seconds (seed 001). */
export const MIDDLE_WEEK_UNIX = { from: String(weekStart.getTime() / 1000), to: String(weekEnd.getTime() / 1000) };
/** Its first day, YYYY-MM-DD (seed 004). */
export const MIDDLE_DAY = MIDDLE_WEEK.from.slice(0, 10);
