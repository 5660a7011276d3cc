import { RequestValidationException } from '../../common/pipes/api-validation.pipe';
import { coordinatesOf } from './diving-centers.service';

describe('coordinatesOf (DECISIONS.md D20: both or neither)', () => {
  it('a pair is a point, rounded as DECIMAL(…, 8) stores it; -180 is 180', () => {
    expect(coordinatesOf({ latitude: 10.123456789, longitude: -180 }, 'create')).toEqual({
      lat: 10.12345679,
      lng: 180,
    });
    expect(coordinatesOf({ latitude: 0, longitude: 0 }, 'update')).toEqual({ lat: 0, lng: 0 });
  });

  it('neither: none on create, unchanged on update; both null: removed', () => {
    expect(coordinatesOf({}, 'create')).toBeNull();
    expect(coordinatesOf({}, 'update')).toBeUndefined();
    expect(coordinatesOf({ latitude: null, longitude: null }, 'update')).toBeNull();
    expect(coordinatesOf({ latitude: null }, 'update')).toBeNull();
  });

  it.each([
    [{ latitude: 10 }, 'longitude'],
    [{ longitude: 10 }, 'latitude'],
    [{ latitude: 10, longitude: null }, 'longitude'],
    [{ latitude: null, longitude: 10 }, 'latitude'],
  ])('only one of them (%p) is a 422 naming the missing one', (dto, missing) => {
    try {
      coordinatesOf(dto, 'update');
      throw new Error('expected a 422');
    } catch (error) {
      expect(error).toBeInstanceOf(RequestValidationException);
      expect((error as RequestValidationException).problems[0].loc).toEqual(['body', missing]);
    }
  });
});
