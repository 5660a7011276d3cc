import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsOptional, validateSync } from 'class-validator';
import { parseBooleanParam, QueryBoolean } from './query-boolean';

class Query {
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  flag?: boolean;
}

describe('QueryBoolean (DECISIONS.md D22)', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['0', false],
  ])('parses %p as %p', (raw, expected) => {
    const q = plainToInstance(Query, { flag: raw });
    expect(q.flag).toBe(expected);
    expect(validateSync(q)).toEqual([]);
  });

  it.each(['yes', '', 'maybe', '2'])('leaves %p for @IsBoolean to refuse', (raw) => {
    const q = plainToInstance(Query, { flag: raw });
    expect(validateSync(q).map((e) => e.property)).toEqual(['flag']);
  });

  it('passes real booleans and absent values through', () => {
    expect(parseBooleanParam(true)).toBe(true);
    expect(parseBooleanParam(false)).toBe(false);
    expect(plainToInstance(Query, {}).flag).toBeUndefined();
    expect(parseBooleanParam(['true', 'false'])).toEqual(['true', 'false']);
  });
});
