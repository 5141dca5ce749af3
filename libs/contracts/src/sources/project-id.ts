import { DEFAULT_PROJECT } from '../event/canonical-event';
import { uuidFromText } from '../dedup/uuid';

/**
 * An event's id within its project. The id is the events table's dedup key: two projects that
 * send the same content (two sites' identical page views, one seed's log in two projects) must
 * not share it, or one project's event would replace the other's. In the default project the
 * source's own id is kept as it is, so the ids of events stored with keys off do not change; in
 * any other it is hashed with the project's name (never a key's text: a rotated key keeps it).
 */
export function idInProject(project: string | undefined, id: string | undefined): string | undefined {
  if (id === undefined || !project || project === DEFAULT_PROJECT) return id;
  return uuidFromText(`project\u0000${project}\u0000${id}`);
}
