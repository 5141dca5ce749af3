import { prototypeKeyPath } from './prototype-keys';

const pathIn = (text: string, path = '') => prototypeKeyPath(JSON.parse(text), text, path);

describe('prototypeKeyPath', () => {
  it('finds __proto__ at any depth, by its path', () => {
    expect(pathIn('{"__proto__":{"polluted":true}}')).toBe('__proto__');
    expect(pathIn('{"batch":[{"properties":{"a":1,"__proto__":{"polluted":true}}}]}')).toBe('batch[0].properties.__proto__');
    expect(pathIn('{"__proto__":1}', 'events[2]')).toBe('events[2].__proto__');
  });

  it('finds it spelt with escapes, as JSON.parse reads it', () => {
    expect(pathIn('{"a":{"\\u005f_proto__":{}}}')).toBe('a.__proto__');
    expect(pathIn('{"\\u0063onstructor":{"prototype":{}}}')).toBe('constructor');
  });

  it('finds constructor only where it holds prototype, as Fastify refuses it', () => {
    expect(pathIn('{"properties":{"constructor":{"prototype":{"polluted":true}}}}')).toBe('properties.constructor');
    expect(pathIn('{"constructor":"Ferrari","team":{"constructor":{"name":"x"}}}')).toBeUndefined();
  });

  it('leaves values alone: only keys are looked at', () => {
    expect(pathIn('{"note":"__proto__","list":["constructor"]}')).toBeUndefined();
  });
});
