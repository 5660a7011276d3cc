/** Field rules shared by the user DTOs (the same as registration's). */
export const USERNAME_PATTERN = /^[A-Za-z0-9_]+$/;
export const USERNAME_PATTERN_MESSAGE = 'username may contain only letters, digits and underscores';

export const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
