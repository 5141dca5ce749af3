import type { Session } from 'chdb';

/**
 * Per-request settings and database on the one chdb session every request shares.
 *
 * ClickHouse's HTTP interface gives each request a fresh context; chdb only has session-level
 * `SET` and `USE`, which stay in force for every later query (an `insert_deduplication_token`
 * left behind silently drops the next, different insert). So before each request runs, `enter`
 * brings the session to its startup state plus that request's settings: a setting the previous
 * request changed and this one does not carry is reset, one both carry with the same value is
 * left alone (clients repeat the same settings on every call, so usually nothing runs at all).
 */
export class SessionSettings {
  /** Settings `enter` has put in force on top of the startup state, as SET. */
  private applied = new Map<string, string>();
  private database: string;

  private constructor(
    private readonly session: Session,
    /** Settings chdb itself changes at startup (e.g. implicit_select): reset to these, not DEFAULT. */
    private readonly startup: ReadonlyMap<string, string>,
    private readonly startupDatabase: string,
  ) {
    this.database = startupDatabase;
  }

  static async capture(session: Session): Promise<SessionSettings> {
    const state = await readState(session);
    return new SessionSettings(session, state.changed, state.database);
  }

  async enter(settings: ReadonlyMap<string, string>, database = this.startupDatabase): Promise<void> {
    const statements: string[] = [];
    for (const name of this.applied.keys()) {
      if (!settings.has(name)) statements.push(this.resetStatement(name));
    }
    for (const [name, value] of settings) {
      if (this.applied.get(name) !== value) statements.push(`SET ${name} = ${quoteString(value)}`);
    }
    if (database !== this.database) statements.push(`USE ${quoteIdentifier(database)}`);
    if (statements.length === 0) return;
    try {
      await this.session.queryAsync(statements.join('; '));
    } catch (error) {
      // Some statements may have run before the failing one: start over from the engine's state.
      await this.restore();
      throw error;
    }
    this.applied = new Map(settings);
    this.database = database;
  }

  /**
   * Brings the session back to its startup state by asking the engine what is changed, for when
   * SQL may have run its own SET or USE, which real ClickHouse would have scoped to that request.
   */
  async restore(): Promise<void> {
    const state = await readState(this.session);
    const statements = [...state.changed]
      .filter(([name, value]) => this.startup.get(name) !== value)
      .map(([name]) => this.resetStatement(name));
    for (const name of this.startup.keys()) {
      if (!state.changed.has(name)) statements.push(this.resetStatement(name));
    }
    if (state.database !== this.startupDatabase) statements.push(`USE ${quoteIdentifier(this.startupDatabase)}`);
    if (statements.length > 0) await this.session.queryAsync(statements.join('; '));
    this.applied = new Map();
    this.database = this.startupDatabase;
  }

  private resetStatement(name: string): string {
    const startupValue = this.startup.get(name);
    return `SET ${name} = ${startupValue === undefined ? 'DEFAULT' : quoteString(startupValue)}`;
  }
}

interface EngineState {
  changed: Map<string, string>;
  database: string;
}

async function readState(session: Session): Promise<EngineState> {
  const settings = await session.queryAsync('SELECT name, value FROM system.settings WHERE changed', { format: 'JSONCompact' });
  const database = await session.queryAsync('SELECT currentDatabase()', { format: 'JSONCompact' });
  return {
    changed: new Map(settings.json<{ data: [string, string][] }>().data),
    database: database.json<{ data: [[string]] }>().data[0][0],
  };
}

function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function quoteIdentifier(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}
