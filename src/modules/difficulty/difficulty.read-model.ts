/**
 * What other modules' SQL may read of the difficulty levels (issue 14): a plain projection that MySQL
 * and MariaDB merge into the outer query.
 */
export const DifficultyReadModel = {
  /** id, code, label and the level's place in the scale (order_index, easiest first) */
  levels: '(SELECT id, code, label, order_index FROM difficulty_levels)',
} as const;
