/** The values of one SELECT, each bound as a parameter: its SQL holds only their placeholders. */
export class QueryParams {
  readonly values: Record<string, unknown> = {};

  /** The placeholder of `value`, such as `{p0:String}`. */
  readonly bind = (type: string, value: unknown): string => {
    const name = `p${Object.keys(this.values).length}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  };
}
