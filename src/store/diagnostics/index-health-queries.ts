/**
 * Reads what index-health.ts judges from PostgreSQL's statistics views and catalogs:
 * pg_stat_user_indexes, pg_stat_user_tables, pg_constraint and pg_stats, for the current schema.
 * On the embedded PGlite the catalogs are there but the activity counters (index scans, dead
 * rows) start from zero in each process that opens the database, and the CLI can open it only
 * while no server does: they say nothing about the app's use, so index-health.ts skips them.
 */
import type { SqlExecutor } from '../driver.ts';
import type { ForeignKey, IndexHealthInput, IndexStats, TableStats } from './index-health.ts';

export async function readIndexHealth(db: SqlExecutor): Promise<IndexHealthInput> {
  const indexes = await db.query<IndexStats>(
    `SELECT s.relname AS "table", s.indexrelname AS "index",
            array(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS columns,
            am.amname AS method, i.indisunique AS "unique", i.indisprimary AS "primary",
            pg_get_expr(i.indpred, i.indrelid) AS predicate, pg_get_indexdef(i.indexrelid) AS definition,
            s.idx_scan::float8 AS scans, pg_relation_size(s.indexrelid)::float8 AS bytes, c.reltuples::float8 AS rows,
            w.width AS "keyWidth"
     FROM pg_stat_user_indexes s
     JOIN pg_index i ON i.indexrelid = s.indexrelid
     JOIN pg_class c ON c.oid = s.indexrelid
     JOIN pg_am am ON am.oid = c.relam
     -- The key's average width from the planner's statistics; unknown for an expression or an unanalyzed column.
     LEFT JOIN LATERAL (
       SELECT CASE WHEN bool_or(k.attnum = 0 OR st.avg_width IS NULL) THEN NULL ELSE sum(st.avg_width)::float8 END AS width
       FROM unnest(i.indkey::int2[]) AS k(attnum)
       LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
       LEFT JOIN pg_stats st ON st.schemaname = s.schemaname AND st.tablename = s.relname AND st.attname = a.attname
     ) w ON true
     WHERE s.schemaname = current_schema()
     ORDER BY s.relname, s.indexrelname`,
  );
  const tables = await db.query<TableStats>(
    `SELECT relname AS "table",
            -- The counter where it has counted, else the planner's estimate (PGlite's counters restart with each process).
            (CASE WHEN n_live_tup > 0 THEN n_live_tup ELSE greatest((SELECT reltuples FROM pg_class WHERE oid = relid), 0) END)::float8 AS "liveRows",
            n_dead_tup::float8 AS "deadRows",
            pg_table_size(relid)::float8 AS bytes, coalesce(seq_scan, 0)::float8 AS "seqScans", coalesce(idx_scan, 0)::float8 AS "indexScans",
            greatest(last_vacuum, last_autovacuum)::text AS "lastVacuum", greatest(last_analyze, last_autoanalyze)::text AS "lastAnalyze"
     FROM pg_stat_user_tables WHERE schemaname = current_schema() ORDER BY relname`,
  );
  const foreignKeys = await db.query<ForeignKey>(
    `SELECT c.conrelid::regclass::text AS "table", c.conname AS name, c.confrelid::regclass::text AS "references",
            array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns
     FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace
     WHERE c.contype = 'f' AND ns.nspname = current_schema() ORDER BY 1, 2`,
  );
  const since = await db.query<{ since: string | null }>('SELECT stats_reset::text AS since FROM pg_stat_database WHERE datname = current_database()');
  return { indexes: indexes.rows, tables: tables.rows, foreignKeys: foreignKeys.rows, statsSince: since.rows[0]?.since ?? null };
}
