/**
 * The DuckDB peer of bench/e2e-scale.ts: what a data engineer would write instead of access-audit, for three rules.
 *
 *   node bench/duckdb-peer.mjs SNAPSHOT/normalized.json idp-users.csv idp-assignments.csv OUT_DIR
 *
 * Reads the snapshot's normalized.json and the Okta users and Current Assignments CSVs of the demo generator,
 * correlates each account by its primary email, then by any email (docs/rules.md "Correlation": trim, NFC, lower
 * case; the first rule that finds anyone decides), and writes ORPHANED_ACCOUNT, TERMINATED_STILL_ACTIVE and
 * MISSING_SEAT as one CSV each into OUT_DIR; prints their counts as one JSON line.
 *
 * `@duckdb/node-api` is resolved from bench/.duckdb (installed there on demand by bench/e2e-scale.ts), never from
 * the product's node_modules. In-memory database, 2 threads (the machine's cores).
 *
 * Simplified on purpose (the demo organisation needs none of it; the counts are checked against access-audit's):
 * no look-alike addresses (the audit compares an address with a Kelvin sign or a fullwidth letter as written),
 * no domain aliases, immutable ids, exceptions or +tag/dot rules; Okta's status words only.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [normalizedPath, usersPath, assignmentsPath, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node bench/duckdb-peer.mjs normalized.json idp-users.csv idp-assignments.csv out-dir');
  process.exit(3);
}
const requireFromBench = createRequire(new URL('./.duckdb/package.json', import.meta.url));
const { DuckDBInstance } = await import(pathToFileURL(requireFromBench.resolve('@duckdb/node-api')).href);

mkdirSync(outDir, { recursive: true });
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;
const run = (sql) => conn.run(sql);
const rows = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS();

// JavaScript's String.prototype.trim and \s: Unicode spaces, not RE2's ASCII \s only.
const WS = String.raw`[\s\x{0B}\pZ\x{FEFF}]`;
await run(`CREATE MACRO tr(s) AS regexp_replace(s, '^${WS}+|${WS}+$', '', 'g')`);
await run(`CREATE MACRO usable(s) AS coalesce(regexp_full_match(tr(s), '[^\\s\\x{0B}\\pZ\\x{FEFF}@]+@[^\\s\\x{0B}\\pZ\\x{FEFF}@]+\\.[^\\s\\x{0B}\\pZ\\x{FEFF}@]+'), false)`);
// Protocol prefixes (smtp:, mailto:) of proxy addresses; any other protocol is not a mail address.
await run(`CREATE MACRO unprefixed(t) AS CASE
  WHEN NOT regexp_matches(t, '^[A-Za-z0-9]+:') THEN t
  WHEN regexp_matches(t, '^(?i)(smtp|mailto):') THEN regexp_replace(t, '^[A-Za-z0-9]+:', '')
  ELSE NULL END`);
await run(`CREATE MACRO norm(t) AS regexp_replace(lower(nfc_normalize(tr(t))), '^mailto:', '')`);
await run(`CREATE MACRO email_key(raw) AS CASE WHEN usable(unprefixed(tr(raw))) THEN norm(unprefixed(tr(raw))) ELSE NULL END`);

const accountType = 'STRUCT(id VARCHAR, status VARCHAR, emails VARCHAR[])[]';
await run(`CREATE TABLE accounts AS
  WITH doc AS (SELECT * FROM read_json(${lit(normalizedPath)}, format = 'unstructured', maximum_object_size = 2147483647,
    columns = {vendors: 'STRUCT(dixa STRUCT(accounts ${accountType}), dialpad STRUCT(accounts ${accountType}))'})),
  a AS (SELECT 'dixa' AS vendor, unnest(vendors.dixa.accounts) AS a FROM doc UNION ALL SELECT 'dialpad', unnest(vendors.dialpad.accounts) FROM doc)
  SELECT vendor, a.id AS id, a.status AS status, a.emails AS emails, email_key(a.emails[1]) AS primary_key FROM a`);
await run(`CREATE TABLE account_keys AS SELECT DISTINCT vendor, id, k FROM (SELECT vendor, id, email_key(unnest(emails)) AS k FROM accounts) WHERE k IS NOT NULL`);

await run(`CREATE TABLE users AS SELECT row_number() OVER () AS idx, * FROM read_csv(${lit(usersPath)}, header = true, all_varchar = true, quote = '"', escape = '"')`);
// Okta (research/idp.md 1.5): the primary is "Primary email", else the login when it is an address.
await run(`CREATE TABLE identities AS SELECT idx,
  CASE WHEN usable("Primary email") THEN email_key("Primary email") WHEN usable("Username") THEN email_key("Username") END AS primary_key,
  CASE lower(regexp_replace(tr(coalesce("Status", '')), '[\\s_-]+', ' ', 'g'))
    WHEN 'active' THEN 'active' WHEN 'provisioned' THEN 'active' WHEN 'pending user action' THEN 'active' WHEN 'recovery' THEN 'active'
    WHEN 'password reset' THEN 'active' WHEN 'password expired' THEN 'active' WHEN 'locked out' THEN 'active'
    WHEN 'suspended' THEN 'suspended' WHEN 'deprovisioned' THEN 'deprovisioned' WHEN 'deactivated' THEN 'deprovisioned'
    WHEN 'staged' THEN 'staged' ELSE 'unknown' END AS status,
  "Username" AS login,
  "User Id" AS user_id
  FROM users`);
await run(`CREATE TABLE identity_keys AS SELECT DISTINCT idx, k FROM (
  SELECT idx, email_key(unnest([u."Primary email", u."Username", u."Secondary email"])) AS k FROM users u) WHERE k IS NOT NULL`);

// Rule 2, primary email: identities whose primary equals the account's primary. Rule 3, any email on either side.
await run(`CREATE TABLE by_primary AS SELECT a.vendor, a.id, i.idx FROM accounts a JOIN identities i ON i.primary_key = a.primary_key`);
await run(`CREATE TABLE by_any AS SELECT DISTINCT ak.vendor, ak.id, ik.idx FROM account_keys ak JOIN identity_keys ik ON ik.k = ak.k`);
await run(`CREATE TABLE owners AS
  WITH p AS (SELECT vendor, id, count(*) AS n, min(idx) AS idx FROM by_primary GROUP BY ALL),
       x AS (SELECT vendor, id, count(*) AS n, min(idx) AS idx FROM by_any GROUP BY ALL)
  SELECT a.vendor, a.id, a.status,
    CASE WHEN p.n = 1 THEN 'matched' WHEN p.n > 1 THEN 'ambiguous' WHEN x.n = 1 THEN 'matched' WHEN x.n > 1 THEN 'ambiguous' ELSE 'unmatched' END AS state,
    CASE WHEN p.n = 1 THEN p.idx WHEN p.n IS NULL AND x.n = 1 THEN x.idx END AS owner_idx
  FROM accounts a LEFT JOIN p USING (vendor, id) LEFT JOIN x USING (vendor, id)`);

await run(`CREATE TABLE orphaned AS SELECT vendor, id, status FROM owners WHERE state = 'unmatched' AND status <> 'deactivated' ORDER BY vendor, id`);
await run(`CREATE TABLE terminated AS SELECT o.vendor, o.id, o.status, i.user_id, i.status AS identity_status FROM owners o JOIN identities i ON i.idx = o.owner_idx
  WHERE o.status IN ('active', 'invited') AND i.status IN ('suspended', 'deprovisioned') ORDER BY o.vendor, o.id`);

// Entitlements: a current assignment (no "Unassigned on") of an application matching /dixa/i or /dialpad/i, naming
// the identity by a login that is not an address, or by any address of the row's Login and Application login.
await run(`CREATE TABLE assignment_rows AS SELECT row_number() OVER () AS r, * FROM read_csv(${lit(assignmentsPath)}, header = true, all_varchar = true, quote = '"', escape = '"')`);
await run(`CREATE TABLE grants AS
  WITH rows AS (SELECT r, "Login" AS login, "Application login" AS app_login,
      CASE WHEN regexp_matches(coalesce(nullif("Application name", ''), "Application instance"), '(?i)dixa') THEN 'dixa' END AS dixa,
      CASE WHEN regexp_matches(coalesce(nullif("Application name", ''), "Application instance"), '(?i)dialpad') THEN 'dialpad' END AS dialpad
    FROM assignment_rows WHERE coalesce(tr("Unassigned on"), '') = '' AND coalesce(tr("Login"), '') <> ''),
  vendor_rows AS (SELECT r, login, app_login, unnest(list_filter([dixa, dialpad], v -> v IS NOT NULL)) AS vendor FROM rows),
  row_keys AS (SELECT r, vendor, k FROM (SELECT r, vendor, email_key(unnest([login, CASE WHEN usable(app_login) THEN app_login END])) AS k FROM vendor_rows) WHERE k IS NOT NULL),
  by_key AS (SELECT DISTINCT rk.vendor, ik.idx FROM row_keys rk JOIN identity_keys ik ON ik.k = rk.k),
  login_only AS (SELECT i.idx, lower(nfc_normalize(tr(i.login))) AS l FROM identities i WHERE i.login IS NOT NULL AND email_key(i.login) IS NULL),
  by_login AS (SELECT DISTINCT vr.vendor, lo.idx FROM vendor_rows vr JOIN login_only lo ON lo.l = lower(nfc_normalize(tr(vr.login))))
  SELECT * FROM by_key UNION SELECT * FROM by_login`);
// One finding per vendor and subject (the normalized primary, else another address, else the row id).
await run(`CREATE TABLE missing_seat AS
  WITH seated AS (SELECT DISTINCT vendor, owner_idx AS idx FROM owners WHERE owner_idx IS NOT NULL AND status IN ('active', 'invited')),
  first_key AS (SELECT idx, min(k) AS k FROM identity_keys GROUP BY idx)
  SELECT g.vendor, coalesce(i.primary_key, fk.k, 'id:' || i.user_id) AS subject, count(*) AS identities
  FROM grants g JOIN identities i ON i.idx = g.idx LEFT JOIN first_key fk ON fk.idx = g.idx
  WHERE i.status = 'active' AND NOT EXISTS (SELECT 1 FROM seated s WHERE s.vendor = g.vendor AND s.idx = g.idx)
  GROUP BY ALL ORDER BY g.vendor, subject`);

const counts = {};
for (const [rule, table] of [['ORPHANED_ACCOUNT', 'orphaned'], ['TERMINATED_STILL_ACTIVE', 'terminated'], ['MISSING_SEAT', 'missing_seat']]) {
  await run(`COPY ${table} TO ${lit(join(outDir, `${rule}.csv`))} (HEADER, DELIMITER ',')`);
  const [c] = await rows(`SELECT count(*)::INTEGER AS n FROM ${table}`);
  counts[rule] = c.n;
}
conn.closeSync();
instance.closeSync();
console.log(JSON.stringify(counts));
