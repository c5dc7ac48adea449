// SPDX-License-Identifier: MIT
// The segprof profile computed with DuckDB (npm @duckdb/node-api), for
// bench/run.sh's side-by-side rows.
//
//   node bench/duckdb_profile.mjs split CUSTOMERS.ndjson LABELS.csv
//   node bench/duckdb_profile.mjs table TABLE.csv   (product_types joined by ';', a cluster column)
//   node bench/duckdb_profile.mjs request REQUEST.json  ({"customers": [...], "labels": {...}})
//
// Prints what `segprof -f csv` prints: cluster_id, n_customers, avg_spend,
// median_spend, avg_frequency, top_categories (TF-IDF over per-cluster
// documents, segprof(1) COMPUTATION), share_of_revenue_pct, insight.  One SQL
// statement, as a DuckDB user would write it: the amounts as DuckDB reads
// them (DOUBLE), string_split/unnest for the product types.  DuckDB uses
// every core (threads = nproc), as segprof does with -j nproc.
// Install: (cd bench && npm install) — see bench/README.md.
import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

const [mode, ...files] = process.argv.slice(2);
const q = (s) => `'${s.replaceAll("'", "''")}'`;

let source, prelude = '';
if (mode === 'split' && files.length === 2) {
	// Customers in file order (rn), each with its cluster from the labels.
	source = `
	  SELECT c.rn, l.cluster_id AS cluster, c.frequency, c.amount_spent, c.product_types AS types
	  FROM (SELECT row_number() OVER () AS rn, * FROM read_ndjson_auto(${q(files[0])})) c
	  JOIN read_csv_auto(${q(files[1])}, types = {'customer_id': 'VARCHAR'}) l
	    ON l.customer_id = c.id`;
} else if (mode === 'table' && files.length === 1) {
	source = `
	  SELECT row_number() OVER () AS rn, cluster, frequency, amount_spent,
	         string_split(product_types, ';') AS types
	  FROM read_csv_auto(${q(files[0])}, types = {'id': 'VARCHAR', 'product_types': 'VARCHAR'})`;
} else if (mode === 'request' && files.length === 1) {
	// The document is one JSON value: read_json gives one row, customers a list of structs and
	// labels a MAP, read once (MATERIALIZED); the customers unnested in document order (rn),
	// joined to their cluster.  The columns are given: DuckDB infers the same types by itself
	// (a MAP for an object with that many keys), but on M that inference took 40 s where
	// reading with the columns given took 3 to 8 s.
	const columns = `{customers: 'STRUCT(id VARCHAR, frequency BIGINT, amount_spent DOUBLE, product_types VARCHAR[])[]',
	                  labels: 'MAP(VARCHAR, BIGINT)'}`;
	prelude = `
doc AS MATERIALIZED (
  SELECT customers, labels FROM read_json(${q(files[0])}, columns = ${columns},
                                          maximum_object_size = ${statSync(files[0]).size + 1})),`;
	source = `
	  SELECT c.rn, l.cluster, c.frequency, c.amount_spent, c.product_types AS types
	  FROM (SELECT unnest(customers, recursive := true), generate_subscripts(customers, 1) AS rn
	        FROM doc) c
	  JOIN (SELECT unnest(map_keys(labels)) AS id, unnest(map_values(labels)) AS cluster FROM doc) l
	    USING (id)`;
} else {
	console.error('usage: duckdb_profile.mjs split CUSTOMERS.ndjson LABELS.csv | table TABLE.csv | request REQUEST.json');
	process.exit(2);
}

const sql = `
WITH ${prelude}
cust AS (${source}),
slugs AS (
  SELECT cluster, rn, unnest(types) AS slug, generate_subscripts(types, 1) AS i FROM cust),
tf AS (
  SELECT cluster, slug, count(DISTINCT rn) AS tf, min((rn, i)) AS first
  FROM slugs WHERE slug <> '' GROUP BY cluster, slug),
idf AS (
  SELECT slug, ln((1 + (SELECT count(DISTINCT cluster) FROM cust)) / (1 + count(*))) + 1 AS idf
  FROM tf GROUP BY slug),
ranked AS (
  SELECT cluster, slug,
         row_number() OVER (PARTITION BY cluster ORDER BY tf * idf DESC, first) AS r
  FROM tf JOIN idf USING (slug)),
top AS (
  SELECT cluster, string_agg(slug, ', ' ORDER BY r) AS top_categories
  FROM ranked WHERE r <= 5 GROUP BY cluster),
fig AS (
  SELECT cluster, count(*) AS n, avg(amount_spent) AS avg_spend,
         median(amount_spent) AS median_spend, avg(frequency) AS avg_frequency,
         sum(amount_spent) AS revenue
  FROM cust GROUP BY cluster),
tot AS (SELECT sum(revenue) AS total, sum(n) AS n FROM fig)
SELECT f.cluster, f.n, round(f.avg_spend, 2) AS avg_spend, round(f.median_spend, 2) AS median_spend,
       round(f.avg_frequency, 2) AS avg_frequency, coalesce(t.top_categories, '') AS top_categories,
       round(CASE WHEN tot.total = 0 THEN 0 ELSE 100 * f.revenue / tot.total END, 2) AS share,
       round(tot.total / tot.n, 2) AS pop_mean
FROM fig f LEFT JOIN top t USING (cluster), tot
ORDER BY f.cluster`;

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const rows = (await con.runAndReadAll(sql)).getRows();
const csv = (s) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const lines = ['cluster_id,n_customers,avg_spend,median_spend,avg_frequency,top_categories,share_of_revenue_pct,insight'];
for (const [cluster, n, avg, median, freq, top, share, popMean] of rows) {
	const focus = avg > popMean && share >= 30;
	lines.push([String(cluster), String(n), avg.toFixed(2), median.toFixed(2), freq.toFixed(2), csv(top),
		share.toFixed(2), focus ? 'Focus on retention & upsell' : 'Growth-potential segment'].join(','));
}
process.stdout.write(lines.join('\n') + '\n');
