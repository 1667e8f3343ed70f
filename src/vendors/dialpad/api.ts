import { z } from 'zod';

/**
 * Wire shapes of the Dialpad endpoints a snapshot reads (fixtures/specs/dialpad-openapi.json). int64 values come as
 * JSON strings in every example of the spec and as JSON numbers where the schema is followed (Prism); both are stored
 * as text, digits as written (the collector reads integers beyond 2^53 losslessly: util/json-lossless.ts).
 * Every property is optional and nullable in the spec, ids included: a record is only unusable without its own id.
 * Loose objects let new fields through.
 */
export const IdText = z.union([z.string().regex(/\S/), z.number().int()]).transform((v) => String(v));
const Text = z.string();

/** CompanyProto's properties: an object with none of them is some other API's answer (wrong host). */
export const COMPANY_FIELDS = ['account_type', 'admin_email', 'country', 'domain', 'id', 'name', 'office_count', 'state'] as const;
export const DialpadCompany = z.looseObject({ id: IdText.nullish(), name: Text.nullish(), domain: Text.nullish(), state: Text.nullish() });

/** A membership entry without group_id is dropped from its user with a note (collect.ts); the user stays. */
export const DialpadGroupDetail = z.looseObject({ group_id: IdText.nullish(), group_type: Text.nullish(), role: Text.nullish() });

export const DialpadUser = z.looseObject({
  id: IdText,
  emails: z.array(Text).nullish(),
  first_name: Text.nullish(),
  last_name: Text.nullish(),
  display_name: Text.nullish(),
  state: Text.nullish(),
  license: Text.nullish(),
  is_admin: z.boolean().nullish(),
  is_super_admin: z.boolean().nullish(),
  admin_office_ids: z.array(IdText).nullish(),
  office_id: IdText.nullish(),
  phone_numbers: z.array(Text).nullish(),
  group_details: z.array(DialpadGroupDetail).nullish(),
  date_added: Text.nullish(),
  date_active: Text.nullish(),
  date_first_login: Text.nullish(),
});
export type DialpadUser = z.infer<typeof DialpadUser>;

export const DialpadOffice = z.looseObject({ id: IdText, name: Text.nullish(), state: Text.nullish(), is_primary_office: z.boolean().nullish() });
export type DialpadOffice = z.infer<typeof DialpadOffice>;

/**
 * AvailableLicensesProto: ten nullable int64 counts, sent as strings ("talk_lines": "4") or numbers. Other properties
 * are allowed by the document and are not counts: only the values that are counts are kept.
 */
const Count = z.union([z.string().regex(/^-?\d+$/), z.number().int()]).transform((v) => Number(v));
export const DialpadAvailableLicenses = z.record(z.string(), z.unknown()).transform((raw) => {
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(raw)) {
    const parsed = Count.safeParse(value);
    if (parsed.success && Number.isSafeInteger(parsed.data)) counts[key] = parsed.data;
  }
  return counts;
});
export type DialpadAvailableLicenses = z.infer<typeof DialpadAvailableLicenses>;

export const DialpadCallCenter = z.looseObject({ id: IdText, name: Text.nullish(), office_id: IdText.nullish(), state: Text.nullish() });
export type DialpadCallCenter = z.infer<typeof DialpadCallCenter>;

/** GET /callcenters/{id}/operators: `{users: [UserProto], rooms: [RoomProto]}`, no cursor (research/dialpad.md section 4). */
export const DialpadOperator = z.looseObject({ id: IdText });
export const DialpadOperators = z.looseObject({ users: z.array(z.unknown()).nullish(), rooms: z.array(z.unknown()).nullish() });

/** NumberProto: the number is the record's own id; an entry without one cannot be used (counted, reported). */
export const DialpadNumber = z.looseObject({
  number: z.string().regex(/\S/),
  status: Text.nullish(),
  target_type: Text.nullish(),
  target_id: IdText.nullish(),
  office_id: IdText.nullish(),
});
export type DialpadNumber = z.infer<typeof DialpadNumber>;

export const DIALPAD_BASE_URL = 'https://dialpad.com';
