/** A page of a cursor-paginated list: pass `next_cursor` as `cursor` for the next one (null at the end). */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** A list answer without pagination. */
export interface List<T> {
  data: T[];
}
