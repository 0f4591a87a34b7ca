// The refinements of the API's schemas as named functions: the validators generated from the schemas
// (packages/routes/src/compiled/) import them by name, since a closure's text cannot be carried over.

/** Every entry once. */
export function eachOnce(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}

/** A birth date from 1900-01-01 to today (YYYY-MM-DD; today as UTC gives it). */
export function plausibleBirthDate(date: string): boolean {
  return date >= '1900-01-01' && date <= new Date().toISOString().slice(0, 10);
}

/** An object with at least one field. */
export function anyField(value: object): boolean {
  return Object.keys(value).length > 0;
}
