import { findDates, nextOccurrence, nextWeekday } from './newsletter-dates';

const dates = (text: string, reference = '2027-03-10') =>
  findDates(text, reference)
    .filter((d) => !d.range)
    .map((d) => [text.slice(d.start, d.end), d.date]);

describe('findDates', () => {
  it.each([
    ['12/3/2027', '2027-03-12'],
    ['12-03-2027', '2027-03-12'],
    ['12.3.2027', '2027-03-12'],
    ['12/3', '2027-03-12'],
    ['12 March', '2027-03-12'],
    ['12th of March 2028', '2028-03-12'],
    ['March 12th', '2027-03-12'],
    ['Sat 12 Mar', '2027-03-12'],
    ['12 Μαρτίου', '2027-03-12'],
    ['12 ΜΑΡΤΙΟΥ', '2027-03-12'],
    ['2 Μαΐου', '2027-05-02'],
    ['22 Απρ 2027', '2027-04-22'],
    ['Κυριακή 21/3', '2027-03-21'],
    ['5.6.2027 (Saturday)', '2027-06-05'],
  ])('%s → %s', (text, iso) => {
    expect(dates(text)).toEqual([[text, iso]]);
  });

  it('resolves a year-less date to its next occurrence on or after the reference date, never "today"', () => {
    expect(dates('1 Ιανουαρίου', '2026-12-14')).toEqual([['1 Ιανουαρίου', '2027-01-01']]);
    expect(dates('10 March', '2027-03-10')).toEqual([['10 March', '2027-03-10']]);
    expect(dates('9 March', '2027-03-10')).toEqual([['9 March', '2028-03-09']]);
    expect(nextOccurrence(2, 29, '2027-03-01')).toBe('2028-02-29');
  });

  it('reads weekday names alone as the next such day, only when capitalised', () => {
    expect(dates('ΠΕΜΠΤΗ: βουτιά', '2027-03-17')).toEqual([['ΠΕΜΠΤΗ', '2027-03-18']]);
    expect(dates('this Saturday we dive', '2027-03-17')).toEqual([['Saturday', '2027-03-20']]);
    expect(dates('την Τετάρτη', '2027-03-17')).toEqual([['Τετάρτη', '2027-03-17']]);
    expect(dates('η τρίτη βουτιά', '2027-03-17')).toEqual([]);
    expect(dates('οι βουτιές του Σαββατοκύριακου', '2027-03-17')).toEqual([]);
    expect(dates('the sun was out on Sat', '2027-03-17')).toEqual([]);
    expect(nextWeekday(0, '2027-05-08')).toBe('2027-05-09');
  });

  it('reads "αύριο"/"tomorrow" from the reference date', () => {
    expect(dates('Αύριο Κυριακή πάμε', '2027-05-08')).toEqual([['Αύριο Κυριακή', '2027-05-09']]);
  });

  it('leaves out periods, measures, impossible dates and numbers that are not dates', () => {
    expect(dates('Weekly schedule 5/4 – 11/4/2027')).toEqual([]);
    expect(
      dates('a 7/5 mm wetsuit, depth 18-35 m, 31/2, 13/13/2027, call 210 8945 123, 150 logged dives'),
    ).toEqual([]);
    expect(dates('09:30 and 12.50€')).toEqual([]);
  });
});
