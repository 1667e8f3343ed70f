import { z } from 'zod';

/**
 * Wire shapes of the Dialpad endpoints a snapshot reads (shared/specs/dialpad-openapi.json). int64 values come as
 * JSON strings in every example of the spec; numbers are accepted too and stored as text (research/dialpad.md
 * section 2). Every property is nullable in the spec; loose objects let new fields through.
 */
export const IdText = z.union([z.string().min(1), z.number().int()]).transform((v) => String(v));
const Text = z.string();

export const DialpadCompany = z.looseObject({ id: IdText, name: Text.nullish(), domain: Text.nullish(), state: Text.nullish() });

export const DialpadGroupDetail = z.looseObject({ group_id: IdText, group_type: Text.nullish(), role: Text.nullish() });

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

/** AvailableLicensesProto: counts are int64, sent as strings ("talk_lines": "4"). */
const Count = z.union([z.string().regex(/^-?\d+$/), z.number().int()]).transform((v) => Number(v));
export const DialpadAvailableLicenses = z.record(z.string(), Count.nullish());
export type DialpadAvailableLicenses = z.infer<typeof DialpadAvailableLicenses>;

export const DialpadCallCenter = z.looseObject({ id: IdText, name: Text.nullish(), office_id: IdText.nullish(), state: Text.nullish() });
export type DialpadCallCenter = z.infer<typeof DialpadCallCenter>;

/** GET /callcenters/{id}/operators: `{users: [UserProto], rooms: [RoomProto]}`, no cursor (research/dialpad.md section 4). */
export const DialpadOperator = z.looseObject({ id: IdText });
export const DialpadOperators = z.looseObject({ users: z.array(z.unknown()).nullish(), rooms: z.array(z.unknown()).nullish() });

export const DialpadNumber = z.looseObject({
  number: z.string().min(1),
  status: Text.nullish(),
  target_type: Text.nullish(),
  target_id: IdText.nullish(),
  office_id: IdText.nullish(),
});
export type DialpadNumber = z.infer<typeof DialpadNumber>;

export const DIALPAD_BASE_URL = 'https://dialpad.com';
