import { depth, emptyToNull, isCalendarDate, isTimeOfDay, normalizeTimeOfDay } from './dive-values';

describe('dive values', () => {
  it.each(['2025-06-01', '2024-02-29', '2000-02-29', '1999-12-31', '1000-01-01', '9999-12-31'])(
    'accepts the real date %p',
    (value) => expect(isCalendarDate(value)).toBe(true),
  );

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '0999-01-01',
    '2025-6-1',
    '2025/06/01',
    '01-06-2025',
    '2025-06-01T00:00:00Z',
    ' 2025-06-01',
    '',
    20250601,
    null,
  ])('refuses %p', (value) => expect(isCalendarDate(value)).toBe(false));

  it('normalises HH:MM to HH:MM:SS and leaves anything else for the validator', () => {
    expect(normalizeTimeOfDay('09:30')).toBe('09:30:00');
    expect(normalizeTimeOfDay(' 23:59:59 ')).toBe('23:59:59');
    expect(normalizeTimeOfDay('00:00')).toBe('00:00:00');
    for (const bad of ['24:00', '10:60', '10:00:60', '9:30', '09:30:00.5', 'noon', 930]) {
      expect(normalizeTimeOfDay(bad)).toBe(bad);
      expect(isTimeOfDay(bad)).toBe(false);
    }
    expect(isTimeOfDay('10:61:00')).toBe(false);
    expect(isTimeOfDay('09:30')).toBe(false);
    expect(isTimeOfDay('09:30:00')).toBe(true);
  });

  it('rounds depths to the column’s 3 decimals and turns blank strings into null', () => {
    expect(depth({ value: 30.1234 })).toBe(30.123);
    expect(depth({ value: 999.9996 })).toBe(1000);
    expect(depth({ value: 'x' })).toBe('x');
    expect(emptyToNull({ value: '' })).toBeNull();
    expect(emptyToNull({ value: '  ' })).toBeNull();
    expect(emptyToNull({ value: 'wet_suit' })).toBe('wet_suit');
  });
});
