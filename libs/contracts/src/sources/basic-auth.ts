/** The user name of an `Authorization: Basic` header, where Segment's SDKs send the write key; undefined for none or an empty one. */
export function basicAuthUser(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^basic\s+(\S+)\s*$/i.exec(value ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  // Segment documents `writeKey:`, and takes a key sent without the colon too.
  const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
  return user === '' ? undefined : user;
}
