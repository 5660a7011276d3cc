export class CenterRatingResponseDto {
  id!: number;
  diving_center_id!: number;
  user_id!: number;
  score!: number;
  created_at!: Date;
}
