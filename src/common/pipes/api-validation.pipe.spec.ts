import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { ApiValidationPipe, RequestValidationException } from './api-validation.pipe';
import { IntParamPipe } from './int-param.pipe';

class Inner {
  @IsInt()
  @Min(1)
  dive_number!: number;
}

class CreateThing {
  @IsString()
  name!: string;

  @IsOptional()
  @IsInt()
  @Max(10)
  score?: number;

  @IsOptional()
  @IsIn(['wet_suit', 'dry_suit'])
  suit_type?: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Inner)
  dives?: Inner[];
}

async function problemsOf(pipe: ApiValidationPipe, value: unknown, type: 'body' | 'query' | 'param') {
  try {
    await pipe.transform(value, { type, metatype: CreateThing, data: undefined });
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationException);
    const e = error as RequestValidationException;
    expect(e.getStatus()).toBe(422);
    return (e.getResponse() as { detail: Array<{ loc: unknown[]; msg: string; type: string }> }).detail;
  }
  throw new Error('expected a validation error');
}

describe('ApiValidationPipe', () => {
  const pipe = new ApiValidationPipe();

  it('answers 422 with FastAPI-style problems located in the body', async () => {
    const detail = await problemsOf(
      pipe,
      { score: 11, suit_type: 'bikini', dives: [{ dive_number: 0 }] },
      'body',
    );
    const locs = detail.map((d) => d.loc.join('.'));
    expect(locs).toEqual(
      expect.arrayContaining(['body.name', 'body.score', 'body.suit_type', 'body.dives.0.dive_number']),
    );
    expect(detail.find((d) => d.loc.join('.') === 'body.score')).toMatchObject({ type: 'value_error.max' });
  });

  it('locates query problems under "query"', async () => {
    const detail = await problemsOf(pipe, { name: 5 }, 'query');
    expect(detail[0].loc).toEqual(['query', 'name']);
  });

  it('treats a missing body as empty (each required field reported) and refuses non-objects', async () => {
    const detail = await problemsOf(pipe, undefined, 'body');
    expect(detail.map((d) => d.loc)).toEqual([['body', 'name']]);
    const list = await problemsOf(pipe, [1, 2], 'body');
    expect(list).toEqual([{ loc: ['body'], msg: 'A JSON object body is required', type: 'model_type' }]);
  });

  it('drops unknown fields (ids, owners and roles can never be set from a body)', async () => {
    const out = (await pipe.transform(
      { name: 'Blue Hole', id: 99, is_admin: true },
      { type: 'body', metatype: CreateThing, data: undefined },
    )) as CreateThing;
    expect(out).toBeInstanceOf(CreateThing);
    expect(out).toEqual({ name: 'Blue Hole' });
  });

  it('refuses body text holding a lone surrogate with 422 at its field (validators throw on it)', async () => {
    const detail = await problemsOf(
      pipe,
      { name: 'a\uD800b', dives: [{ dive_number: 1, x: '\uDC00' }] },
      'body',
    );
    expect(detail).toEqual([
      { loc: ['body', 'name'], msg: expect.stringContaining('Unicode'), type: 'value_error.unicode' },
      {
        loc: ['body', 'dives', 0, 'x'],
        msg: expect.stringContaining('Unicode'),
        type: 'value_error.unicode',
      },
    ]);
    const paired = (await pipe.transform(
      { name: '🐠 reef' },
      { type: 'body', metatype: CreateThing, data: undefined },
    )) as CreateThing;
    expect(paired.name).toBe('🐠 reef');
  });
});

describe('IntParamPipe', () => {
  const pipe = new IntParamPipe();
  it('parses positive ids', () => {
    expect(pipe.transform('42', { type: 'param', data: 'id' })).toBe(42);
  });
  it.each(['0', '-1', 'abc', '1.5', '99999999999', ''])(
    'refuses %p with 422 naming the parameter',
    (value) => {
      try {
        pipe.transform(value, { type: 'param', data: 'id' });
        throw new Error('expected an error');
      } catch (error) {
        expect(error).toBeInstanceOf(RequestValidationException);
        expect((error as RequestValidationException).problems[0].loc).toEqual(['path', 'id']);
      }
    },
  );
});
