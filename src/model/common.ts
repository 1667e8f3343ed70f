import { z } from 'zod';

/** Vendors the tool audits. Adding one means a folder under src/vendors and this enum. */
export const Vendor = z.enum(['dixa', 'dialpad']);
export type Vendor = z.infer<typeof Vendor>;
export const VENDORS: readonly Vendor[] = Vendor.options;

export const Severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export type Severity = z.infer<typeof Severity>;
/** Higher number = more severe; used for sorting and for --fail-on. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** ISO-8601 timestamp as text. Vendors send some without a zone (Dialpad, Dixa presence); kept as received. */
export const IsoDateText = z.string();
