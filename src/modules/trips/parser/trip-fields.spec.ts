import {
  findDifficulty,
  findDiveCount,
  findDurations,
  findGroupSize,
  findOrdinalDives,
  findPrice,
  findRequirements,
  findTimes,
  minutesBetween,
} from './trip-fields';

describe('trip fields', () => {
  it('reads times in 24 h and am/pm forms, and marks return times', () => {
    expect(
      findTimes('Departure 9.00am, back at the jetty by 1.30pm').map((t) => [t.time, t.isReturn]),
    ).toEqual([
      ['09:00', false],
      ['13:30', true],
    ]);
    expect(findTimes('στις 7:41 μ.μ., επιστροφή γύρω στις 14:00').map((t) => [t.time, t.isReturn])).toEqual([
      ['19:41', false],
      ['14:00', true],
    ]);
    expect(findTimes('5.6.2027, 12.50€, 18-35 m')).toEqual([]);
    expect(minutesBetween('08:30', '14:00')).toBe(330);
    expect(minutesBetween('14:00', '08:30')).toBeNull();
  });

  it('reads durations of the trip and of its dive', () => {
    expect(findDurations('Διάρκεια: 9 ώρες')).toEqual({ trip: 540, dive: null });
    expect(findDurations('Meet at 8.15pm, approx. 2 hours.')).toEqual({ trip: 120, dive: null });
    expect(findDurations('One dive, planned runtime around 180 minutes.')).toEqual({ trip: null, dive: 180 });
    expect(findDurations('book 48 hours ahead')).toEqual({ trip: null, dive: null });
  });

  it('reads the divers’ price and its currency', () => {
    expect(findPrice('Κόστος: 65€ με εξοπλισμό, 50€ χωρίς')).toEqual({ amount: 65, currency: 'EUR' });
    expect(findPrice('Τιμή 45 ευρώ')).toEqual({ amount: 45, currency: 'EUR' });
    expect(findPrice('USD 95 per person')).toEqual({ amount: 95, currency: 'USD' });
    expect(findPrice('$120 per certified diver')).toEqual({ amount: 120, currency: 'USD' });
    expect(findPrice('£75 per person')).toEqual({ amount: 75, currency: 'GBP' });
    expect(findPrice('95 EUR incl. tanks')).toEqual({ amount: 95, currency: 'EUR' });
    expect(findPrice('€12,50')).toEqual({ amount: 12.5, currency: 'EUR' });
    expect(findPrice('Snorkellers welcome too (£20).\n£45 per diver')).toEqual({
      amount: 45,
      currency: 'GBP',
    });
    expect(findPrice('Full equipment rental +15€/day')).toBeNull();
  });

  it('reads the group size, not the places left', () => {
    expect(findGroupSize('Διαθεσιμότητα: 8 θέσεις')).toBe(8);
    expect(findGroupSize('Max 8 divers.')).toBe(8);
    expect(findGroupSize('Group size: max 12')).toBe(12);
    expect(findGroupSize('Μέγιστος αριθμός συμμετεχόντων: 8')).toBe(8);
    expect(findGroupSize('Groups of max. 6 divers per instructor')).toBe(6);
    expect(findGroupSize('Έχουν μείνει 4 θέσεις!')).toBeNull();
    expect(findGroupSize('max depth 12 m, max 30 m')).toBeNull();
  });

  it('reads requirements: labelled lines first, else certification mentions, not their negation', () => {
    expect(findRequirements(['Requirements: AOWD + Night Diver', 'Suitable for Open Water'])).toBe(
      'AOWD + Night Diver',
    );
    expect(findRequirements(['• Απαιτήσεις: δίπλωμα Advanced Open Water ή CMAS 2*'])).toBe(
      'δίπλωμα Advanced Open Water ή CMAS 2*',
    );
    expect(findRequirements(['£75 incl. kit. Suitable for Open Water divers and above.'])).toBe(
      'Suitable for Open Water divers and above.',
    );
    expect(findRequirements(['beginners welcome, no certification needed'])).toBeNull();
    expect(findRequirements(['Level: Open Water', 'Meeting at Lagonissi beach'])).toBeNull();
  });

  it('reads a stated difficulty', () => {
    expect(findDifficulty(['Level: Technical'])).toBe('TECHNICAL_DIVING');
    expect(findDifficulty(['Difficulty: Deep/Nitrox'])).toBe('DEEP_NITROX');
    expect(findDifficulty(['Επίπεδο: Advanced'])).toBe('ADVANCED_OPEN_WATER');
    expect(findDifficulty(['Level: Open Water'])).toBe('OPEN_WATER');
    expect(findDifficulty(['Requirements: Advanced Open Water'])).toBeNull();
  });

  it('counts dives and finds numbered ones', () => {
    expect(findDiveCount('Διπλή βουτιά στις Φλέβες')).toBe(2);
    expect(findDiveCount('double boat dive at Kelyfos')).toBe(2);
    expect(findDiveCount('2 βουτιές, 70 ευρώ')).toBe(2);
    expect(findDiveCount('δύο βουτιές')).toBe(2);
    expect(findDiveCount('One guided dive')).toBe(1);
    expect(findDiveCount('a minimum of 150 logged dives')).toBeNull();
    expect(findOrdinalDives('1η βουτιά 09:30, 2η βουτιά 11:30').map((o) => o.number)).toEqual([1, 2]);
    expect(findOrdinalDives('perfect for your first dive of the season')).toEqual([]);
  });
});
