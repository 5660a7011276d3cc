export class GearRentalResponseDto {
  id!: number;
  diving_center_id!: number;
  item_name!: string;
  cost!: number;
  currency!: string;
  created_at!: Date;
  updated_at!: Date;
}
