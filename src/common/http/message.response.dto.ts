/** `{ "message": "..." }`: the answer of deletes and other actions that return no resource. */
export class MessageResponseDto {
  message!: string;
}

/** `{ "total": N }`: the answer of the `/count` routes. */
export class CountResponseDto {
  total!: number;
}
