/**
 * Days from the build date to the next birthday of someone born on `birthDate` (SQL): this calendar
 * year's, or next year's once it has passed; 0 on the day. 29 February falls on 28 February in
 * common years (DuckDB's year arithmetic).
 */
export function daysToBirthday(birthDate: string, asOf: string): string {
  const years = `date_diff('year', ${birthDate}, DATE '${asOf}')`;
  return `date_diff('day', DATE '${asOf}', ${birthDate} + to_years(${years} + (${birthDate} + to_years(${years}) < DATE '${asOf}')::INT))`;
}
