import { Agent, request } from 'undici';
import { oneLine } from '../errors.js';
import { requestUrl } from '../http/vendor-http.js';
import type { VendorModule } from '../vendors/registry.js';
import { fail, pass, type DoctorCheck } from './check.js';

/** Ages (invites, inactivity, exception expiry) are computed from this machine's clock: more skew than this is a fault. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const TIMEOUT_MS = 15_000;
/** Probe answers are read only to be discarded; a hostile server gets no more than this. */
const MAX_BODY_BYTES = 64 * 1024;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The base URL as the client will use it: https (plain http only to a loopback simulator, or with
 * --allow-insecure-http), no credentials, query or fragment. A path is a gateway prefix the client keeps in front of
 * every request: shown, so a surprise is seen before the run.
 */
export function checkBaseUrl(mod: VendorModule, raw: string, allowInsecureHttp = false): DoctorCheck {
  const name = `${mod.label} base URL`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(name, `not a URL: ${oneLine(raw.slice(0, 200))}`, `set vendors.${mod.vendor}.baseUrl or ${mod.urlFlag} to ${mod.documentedBaseUrl}`);
  }
  const fixTo = `use ${mod.documentedBaseUrl} (vendors.${mod.vendor}.baseUrl or ${mod.urlFlag})`;
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (loopback || allowInsecureHttp))) {
    return fail(name, `${url.protocol}// is not https: the token would travel in clear`, url.protocol === 'http:' ? `${fixTo}, or pass --allow-insecure-http for a host you trust` : fixTo);
  }
  if (url.username || url.password) return fail(name, 'holds credentials', `${fixTo}; tokens come from ${mod.tokenEnv} only`);
  if (url.search || url.hash) return fail(name, `has a query or fragment (${oneLine((url.search + url.hash).slice(0, 100))})`, fixTo);
  const probe = mod.doctorProbes[0]?.path ?? '/';
  const prefix = url.pathname !== '/' && url.pathname !== '' ? `; path ${oneLine(url.pathname.slice(0, 100))} kept in front of every request, e.g. ${oneLine(requestUrl(url, probe).pathname)}` : '';
  const note = loopback ? ' (loopback: a simulator)' : url.origin === new URL(mod.documentedBaseUrl).origin ? '' : ` (not the documented ${mod.documentedBaseUrl})`;
  return pass(name, `${url.origin}${note}${prefix}`);
}

/** The local clock against a vendor's Date response header (1 s resolution). */
export function checkClock(label: string, dateHeader: string | undefined, now: Date): DoctorCheck {
  const name = `Clock vs ${label}`;
  const theirs = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  if (Number.isNaN(theirs)) return pass(name, `${label} sent no usable Date header; clock not compared`);
  const skew = now.getTime() - theirs;
  const seconds = Math.round(Math.abs(skew) / 1000);
  if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
    return fail(name, `this machine is ${seconds} s ${skew > 0 ? 'ahead of' : 'behind'} ${label}`, 'synchronise the clock (NTP): invite ages, inactivity and exception expiry are computed from it');
  }
  return pass(name, `within ${Math.max(1, seconds)} s of ${label}`);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Token present, accepted and of the right kind, and the clock, for one vendor: GET requests only (the probes the
 * vendor module declares), answers discarded unread, never a token in a line.
 */
export async function checkVendor(mod: VendorModule, baseUrl: string, token: string | undefined, now: () => Date, allowInsecureHttp = false): Promise<DoctorCheck[]> {
  const urlCheck = checkBaseUrl(mod, baseUrl, allowInsecureHttp);
  const out: DoctorCheck[] = [urlCheck];
  if (!token) {
    out.push(fail(`${mod.label} token`, `${mod.tokenEnv} is not set`, `export ${mod.tokenEnv}=<token> (from the environment only; never in the config), or leave ${mod.vendor} out of --vendors`));
    return out;
  }
  out.push(pass(`${mod.label} token`, `${mod.tokenEnv} is set`));
  if (!urlCheck.ok) return out;
  const base = new URL(baseUrl);
  const dispatcher = new Agent({ connectTimeout: TIMEOUT_MS, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  try {
    let clockDone = false;
    for (const [i, probe] of mod.doctorProbes.entries()) {
      const name = i === 0 ? `${mod.label} token accepted` : `${mod.label} ${probe.proves.split(' (')[0]}`;
      let status: number;
      let date: string | undefined;
      try {
        const res = await request(requestUrl(base, probe.path), { method: 'GET', dispatcher, headers: { authorization: mod.authorization(token), accept: 'application/json' } });
        status = res.statusCode;
        date = headerValue(res.headers['date']);
        await res.body.dump({ limit: MAX_BODY_BYTES });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).name;
        out.push(fail(name, `GET ${probe.path}: no answer (${code})`, `check ${mod.urlFlag} / vendors.${mod.vendor}.baseUrl (the ${mod.label} API is ${mod.documentedBaseUrl}), DNS and proxy`));
        return out;
      }
      if (status >= 200 && status < 300) out.push(pass(name, `GET ${probe.path}: ${status}, ${probe.proves}`));
      else if (status === 401) out.push(fail(name, `GET ${probe.path}: 401`, probe.on401));
      else if (status === 403) out.push(fail(name, `GET ${probe.path}: 403`, probe.on403));
      else if (status === 429) out.push(fail(name, `GET ${probe.path}: 429 (rate limited)`, 'wait a minute and run doctor again; another job may be using the same token'));
      else out.push(fail(name, `GET ${probe.path}: ${status}`, `check the base URL (the ${mod.label} API is ${mod.documentedBaseUrl}) and the vendor's status page`));
      if (!clockDone && date !== undefined) {
        out.push(checkClock(mod.label, date, now()));
        clockDone = true;
      }
      // A refused token makes the later probes say nothing new.
      if (i === 0 && status === 401) return out;
    }
  } finally {
    await dispatcher.close();
  }
  return out;
}
