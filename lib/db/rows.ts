// Rows that come back as JSON (row_to_json, json_agg) carry timestamps as ISO strings; the
// domain's row types say Date. One conversion, named by the columns that hold times.
export type JsonRow = Record<string, unknown>;

export function reviveDates<T>(row: JsonRow, columns: readonly string[]): T {
  const out: JsonRow = { ...row };
  for (const column of columns) {
    const value = out[column];
    if (typeof value === 'string') out[column] = new Date(value);
  }
  return out as T;
}
