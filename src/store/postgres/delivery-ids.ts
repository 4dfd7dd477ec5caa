/**
 * Delivery ids derive from their notification's id: `dlv_<notification id without ntf_>_<k>`.
 * They sort, and are claimed, in queue order; and the deliveries of one notification are one
 * range of the primary key, so no second index on notification_id is kept up to date by every
 * delivery write (migration 4).
 */

/** SQL for the id prefix shared by every delivery of the notification whose id `idSql` yields. */
/** SQL of domain/ids.ts deliveryIdPrefix (without its last character, given as `last`). */
const prefixSql = (idSql: string, last: string) => `('dlv_' || (CASE WHEN left(${idSql}, 4) = 'ntf_' THEN substr(${idSql}, 5) ELSE ${idSql} END) || '${last}')`;

/** SQL for the id of delivery number `kSql` of the notification `idSql`. */
export const deliveryIdSql = (idSql: string, kSql: string) => `${prefixSql(idSql, '_')} || ${kSql}`;

/**
 * SQL condition: `alias` (a deliveries row) belongs to the notification `idSql`. The id range
 * ('`' follows '_' in byte order) is what deliveries_pkey can search; the notification_id test
 * drops another notification's deliveries whose id happens to share the prefix (`n1` and `n1_x`).
 */
export const deliveryOfSql = (alias: string, idSql: string) =>
  `(${alias}.id >= ${prefixSql(idSql, '_')} AND ${alias}.id < ${prefixSql(idSql, '`')} AND ${alias}.notification_id = ${idSql})`;
