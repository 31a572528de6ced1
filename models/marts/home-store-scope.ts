/**
 * The `scope` and `scope_id` columns of a mart grouped by `GROUPING SETS` with and without
 * `home_store_id`: 'chain'/'chain' for the chain's row, 'store'/the store for each home store
 * ('(none)' for members without one).
 */
export const HOME_STORE_SCOPE_COLUMNS = `CASE WHEN GROUPING(home_store_id) = 0 THEN 'store' ELSE 'chain' END AS scope,
      CASE WHEN GROUPING(home_store_id) = 0 THEN coalesce(home_store_id, '(none)') ELSE 'chain' END AS scope_id`;
