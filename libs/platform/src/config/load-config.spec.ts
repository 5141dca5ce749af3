import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { ConfigError, loadConfig } from './load-config';

class Section {
  @IsInt()
  @Min(1)
  @Max(10)
  SOME_COUNT = 4;

  @IsBoolean()
  SOME_FLAG = false;
}

describe('loadConfig', () => {
  it('keeps defaults for unset or empty variables and converts set ones to the field type', () => {
    expect(loadConfig(Section, { SOME_COUNT: '', OTHER: 'x' })).toMatchObject({ SOME_COUNT: 4, SOME_FLAG: false });
    expect(loadConfig(Section, { SOME_COUNT: '7', SOME_FLAG: 'true' })).toMatchObject({ SOME_COUNT: 7, SOME_FLAG: true });
  });

  it('refuses a bad value, naming the variable, its value and the rule', () => {
    expect(() => loadConfig(Section, { SOME_COUNT: 'many', SOME_FLAG: 'yes' })).toThrow(ConfigError);
    try {
      loadConfig(Section, { SOME_COUNT: '11' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['SOME_COUNT="11": SOME_COUNT must not be greater than 10']);
    }
  });
});
