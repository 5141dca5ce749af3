import { formatCount } from '../../report/format-count';
import type { RunningApp } from '../../support/platform';
import { MIDDLE_DAY, MIDDLE_WEEK } from './read-window';
import { counted, getJson, TimedRead } from './timed-read';

/** GET /events/list: a page of 100, the first and one 5,000 pages deep (or half the table, when it is smaller). */
const LIST_LIMIT = 100;
const LIST_DEEP_PAGE = 5_000;
/** The walk to the deep page follows next_cursor in pages of the largest limit. */
const LIST_WALK_LIMIT = 1_000;

interface ListingAnswer {
  events: unknown[];
  next_cursor: string | null;
}

/** A page of LIST_LIMIT events of one sort, and where it starts. */
interface ListingPage {
  id: string;
  page: string;
  order: string;
  params: Record<string, string>;
  note: string;
}

/**
 * GET /events/list, 100 events a page: the first page and a deep one in the default order
 * (newest event_time first) and by received_at, newest and oldest first. Keyset pages: a deep
 * one should cost no more than the first.
 */
export async function listingReads(query: RunningApp, stored: number): Promise<TimedRead[]> {
  const size = formatCount(stored);
  const pages = [...(await eventTimePages(query, stored)), ...(await receivedAtPages(query, '-received_at')), ...(await receivedAtPages(query, 'received_at'))];
  return pages.map(({ id, page, order, params, note }) => ({
    id: `list.${size}.${id}`,
    label: `listing at ${size} events: ${page} of ${LIST_LIMIT}, ${order}`,
    path: `/events/list?${new URLSearchParams({ limit: String(LIST_LIMIT), ...params })}`,
    evidence: (body) => {
      const { events } = body as ListingAnswer;
      if (events.length !== LIST_LIMIT) throw new Error(`${events.length} events, not ${LIST_LIMIT}`);
      return note;
    },
  }));
}

/**
 * The default order: the first page, then the page LIST_DEEP_PAGE deep, reached as a client
 * reaches it, by following next_cursor (in pages of LIST_WALK_LIMIT, the cursor being only a position).
 */
async function eventTimePages(query: RunningApp, stored: number): Promise<ListingPage[]> {
  const depth = Math.min(LIST_DEEP_PAGE - 1, Math.floor(stored / LIST_LIMIT / 2)) * LIST_LIMIT;
  let cursor: string | null = null;
  for (let walked = 0; walked < depth; walked += LIST_WALK_LIMIT) {
    const params: Record<string, string> = { limit: String(Math.min(LIST_WALK_LIMIT, depth - walked)), ...(cursor && { cursor }) };
    cursor = await nextCursor(`${query.url}/events/list?${new URLSearchParams(params)}`);
  }
  if (!cursor) throw new Error('the walk to the deep page of GET /events/list gave no cursor');
  return [
    { id: 'first', page: 'first page', order: 'newest first', params: {}, note: 'no cursor' },
    { id: 'deep', page: `page ${counted(depth / LIST_LIMIT + 1)}`, order: 'newest first', params: { cursor }, note: `${counted(depth)} events in, reached by next_cursor` },
  ];
}

/**
 * By received_at, every page is read FINAL (docs/PERFORMANCE.md, Session 6): the walk above, 500
 * requests of 2 to 3 s each at 10M, would take some 20 minutes per order. The deep page is
 * reached by one cursor instead: that of a one-event page bounded in time at the middle of the
 * filled days (`to` newest first, `from` oldest first), which holds the event nearest that time.
 * The filled events were received at their event time, and a cursor is only a position: the
 * page after it in the whole listing starts about half the table in.
 */
async function receivedAtPages(query: RunningApp, sort: '-received_at' | 'received_at'): Promise<ListingPage[]> {
  const newestFirst = sort === '-received_at';
  const bound: Record<string, string> = newestFirst ? { to: MIDDLE_WEEK.from } : { from: MIDDLE_WEEK.from };
  const cursor = await nextCursor(`${query.url}/events/list?${new URLSearchParams({ sort, limit: '1', ...bound })}`);
  const order = `sort=${sort}, ${newestFirst ? 'newest' : 'oldest'} received first`;
  const name = newestFirst ? 'received-newest' : 'received-oldest';
  return [
    { id: `${name}.first`, page: 'first page', order, params: { sort }, note: 'no cursor' },
    { id: `${name}.deep`, page: `the page past ${MIDDLE_DAY} 00:00 UTC`, order, params: { sort, cursor }, note: 'about half the events in, by one cursor' },
  ];
}

async function nextCursor(url: string): Promise<string> {
  const { next_cursor } = (await getJson(url)) as ListingAnswer;
  if (!next_cursor) throw new Error(`GET ${url} gave no next_cursor`);
  return next_cursor;
}
