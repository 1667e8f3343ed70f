import type { Config } from '../config/schema.js';
import type { Account } from '../model/account.js';
import type { Vendor } from '../model/common.js';
import type { Finding } from '../model/finding.js';
import type { LicenceWaste, LicenceWasteAccount, LicenceWasteRow, WasteCategory } from '../model/licence.js';
import type { VendorView } from './context.js';

/** Which open finding makes a held seat waste, strongest first: a leaver, then never used, then unused of late. */
function categoryOf(findings: readonly Finding[]): WasteCategory | null {
  if (findings.some((f) => f.rule === 'TERMINATED_STILL_ACTIVE')) return 'leaver';
  if (findings.some((f) => f.rule === 'UNACCEPTED_INVITE' || (f.rule === 'INACTIVE_ACCOUNT' && f.evidence['kind'] === 'never-signed-in'))) return 'never-used';
  if (findings.some((f) => f.rule === 'INACTIVE_ACCOUNT')) return 'inactive';
  return null;
}

const WASTE_RULES = new Set(['TERMINATED_STILL_ACTIVE', 'UNACCEPTED_INVITE', 'INACTIVE_ACCOUNT']);
/** Only these hold a paid seat (a suspended Dialpad user consumes no license, per Dialpad's help). */
const HOLDS_SEAT = new Set<Account['status']>(['active', 'invited']);

function priceOf(config: Config, vendor: Vendor, license: string | null): number | null {
  const prices = config.licences[vendor];
  if (!prices) return null;
  if (license !== null && Object.hasOwn(prices, license)) return prices[license] ?? null;
  return Object.hasOwn(prices, 'default') ? (prices['default'] ?? null) : null;
}

const cents = (n: number): number => Math.round(n * 100) / 100;
const cmp = (a: string | null, b: string | null): number => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);

function emptyRow(vendor: Vendor, scopeId: string | null, scopeName: string | null): LicenceWasteRow {
  return { vendor, scopeId, scopeName, seats: { leaver: 0, neverUsed: 0, inactive: 0, total: 0 }, monthlyCost: null, unpricedSeats: 0 };
}

function add(row: LicenceWasteRow, category: WasteCategory, price: number | null): void {
  if (category === 'leaver') row.seats.leaver += 1;
  else if (category === 'never-used') row.seats.neverUsed += 1;
  else row.seats.inactive += 1;
  row.seats.total += 1;
  if (price === null) row.unpricedSeats += 1;
  else row.monthlyCost = cents((row.monthlyCost ?? 0) + price);
}

/**
 * Licence waste (docs/rules.md): every open (unsuppressed) leaver, never-used or inactive finding on an account that
 * still holds a seat, counted once per account, priced from `licences.<vendor>`, per vendor and per office.
 */
export function computeLicenceWaste(findings: readonly Finding[], vendors: readonly VendorView[], config: Config): LicenceWaste {
  // By vendor, then account id: the walk over every account below then builds no key string per account.
  const byAccount = new Map<Vendor, Map<string, Finding[]>>();
  for (const f of findings) {
    if (f.suppressed || !f.vendor || !f.accountId || !WASTE_RULES.has(f.rule)) continue;
    let ofVendor = byAccount.get(f.vendor);
    if (!ofVendor) byAccount.set(f.vendor, (ofVendor = new Map()));
    const list = ofVendor.get(f.accountId);
    if (list) list.push(f);
    else ofVendor.set(f.accountId, [f]);
  }
  const accounts: LicenceWasteAccount[] = [];
  const totals: LicenceWasteRow[] = [];
  const rows: LicenceWasteRow[] = [];
  const pricedVendors: Vendor[] = [];
  for (const view of vendors) {
    if (config.licences[view.vendor] && Object.keys(config.licences[view.vendor] ?? {}).length > 0) pricedVendors.push(view.vendor);
    const total = emptyRow(view.vendor, null, null);
    const scopes = new Map<string, LicenceWasteRow>();
    const ofVendor = byAccount.get(view.vendor);
    for (const account of ofVendor ? view.accounts : []) {
      const fs = ofVendor?.get(account.id);
      if (!fs || !HOLDS_SEAT.has(account.status)) continue;
      const category = categoryOf(fs);
      if (category === null) continue;
      const price = priceOf(config, view.vendor, account.license);
      accounts.push({
        vendor: view.vendor,
        accountId: account.id,
        accountEmail: account.emails[0] ?? null,
        category,
        license: account.license,
        scopeId: account.officeId,
        monthlyPrice: price,
        lastUsedAt: account.activity?.lastUsedAt ?? null,
        findingIds: fs.map((f) => f.id).sort(),
      });
      add(total, category, price);
      if (account.officeId !== null) {
        let row = scopes.get(account.officeId);
        if (!row) {
          row = emptyRow(view.vendor, account.officeId, view.groupsById.get(account.officeId)?.name ?? null);
          scopes.set(account.officeId, row);
        }
        add(row, category, price);
      }
    }
    totals.push(total);
    rows.push(...[...scopes.values()].sort((a, b) => cmp(a.scopeName, b.scopeName) || cmp(a.scopeId, b.scopeId)));
  }
  accounts.sort((a, b) => cmp(a.vendor, b.vendor) || cmp(a.accountId, b.accountId));
  return { currency: config.licences.currency, pricedVendors, totals, rows, accounts };
}
