import { parseCommand, UsageError } from './dlq-command';

describe('parseCommand', () => {
  it('list, with its flags', () => {
    expect(parseCommand(['list'])).toEqual({ name: 'list', limit: undefined, json: false });
    expect(parseCommand(['list', '--limit', '20', '--json'])).toEqual({ name: 'list', limit: 20, json: true });
    expect(parseCommand(['list', '--limit=3'])).toEqual({ name: 'list', limit: 3, json: false });
  });

  it('replay of positions, normalised and without repeats', () => {
    expect(parseCommand(['replay', '0:12', '1:003', '0:12'])).toEqual({ name: 'replay', selection: { positions: new Set(['0:12', '1:3']) } });
  });

  it('replay --all and --reason', () => {
    expect(parseCommand(['replay', '--all'])).toEqual({ name: 'replay', selection: { reason: undefined } });
    expect(parseCommand(['replay', '--all', '--reason', 'ClickHouse'])).toEqual({ name: 'replay', selection: { reason: 'ClickHouse' } });
    expect(parseCommand(['replay', '--reason', 'channel_type'])).toEqual({ name: 'replay', selection: { reason: 'channel_type' } });
  });

  it.each([['help'], ['--help'], ['-h']])('%s', (word) => {
    expect(parseCommand([word])).toEqual({ name: 'help' });
  });

  it.each([
    [[], 'no command given'],
    [['purge'], 'unknown command "purge"'],
    [['list', '--follow'], "Unknown option '--follow'"],
    [['list', 'extra'], "Unexpected argument 'extra'"],
    [['list', '--limit'], "Option '--limit <value>' argument missing"],
    [['list', '--limit', '0'], '--limit takes a whole number above 0, got "0"'],
    [['list', '--limit', 'ten'], '--limit takes a whole number above 0, got "ten"'],
    [['replay'], 'replay needs <partition>:<offset> selectors, --all or --reason TEXT'],
    [['replay', '0:1', '--all'], 'replay takes <partition>:<offset> selectors or --all/--reason, not both'],
    [['replay', '0:1', '--reason', 'x'], 'replay takes <partition>:<offset> selectors or --all/--reason, not both'],
    [['replay', '--reason', ''], '--reason takes a text to look for'],
    [['replay', '0/1'], '"0/1" is not <partition>:<offset>'],
    [['replay', '--everything'], "Unknown option '--everything'"],
  ])('refuses %j: %s', (argv, message) => {
    const parse = () => parseCommand(argv);
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });
});
