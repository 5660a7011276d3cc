export class DifficultyLevelResponseDto {
  id!: number;
  /** Stable code, e.g. OPEN_WATER */
  code!: string;
  /** Human label, e.g. "Open Water" */
  label!: string;
  /** Sort order, easiest first */
  order_index!: number;
}
