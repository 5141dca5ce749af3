import { ConfigError, loadConfig } from './load-config';
import { IsPort, IsPortOtherThan } from './is-port';

class Listeners {
  @IsPort()
  SOME_PORT = 8080;

  @IsPortOtherThan('SOME_PORT')
  SOME_MANAGEMENT_PORT = 9080;
}

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(Listeners, env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('IsPortOtherThan', () => {
  it('takes a port other than the API port, and 0 for either or both (the OS picks distinct ones)', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ SOME_MANAGEMENT_PORT: '8081' })).toEqual([]);
    expect(problemsOf({ SOME_PORT: '0', SOME_MANAGEMENT_PORT: '0' })).toEqual([]);
    expect(problemsOf({ SOME_PORT: '0' })).toEqual([]);
  });

  it('refuses the API port, naming both variables', () => {
    expect(problemsOf({ SOME_MANAGEMENT_PORT: '8080' })).toEqual(['SOME_MANAGEMENT_PORT="8080": SOME_MANAGEMENT_PORT must differ from SOME_PORT']);
    expect(problemsOf({ SOME_PORT: '9080' })).toEqual(['SOME_MANAGEMENT_PORT=9080: SOME_MANAGEMENT_PORT must differ from SOME_PORT']);
  });

  it('is still a port', () => {
    expect(problemsOf({ SOME_MANAGEMENT_PORT: '70000' })).toEqual(['SOME_MANAGEMENT_PORT="70000": SOME_MANAGEMENT_PORT must not be greater than 65535']);
  });
});
