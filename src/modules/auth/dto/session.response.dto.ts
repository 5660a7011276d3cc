/** One active refresh session (a login on a device). */
export class SessionResponseDto {
  /** Session id (use it to revoke the session) */
  id!: string;
  device_info!: string | null;
  ip_address!: string | null;
  /** When the session started (login) */
  created_at!: Date;
  last_used_at!: Date | null;
  expires_at!: Date;
}
