import { z } from 'zod';

/**
 * Request bodies of the Dialpad write endpoints, from shared/specs/dialpad-openapi.json. int64 fields are accepted
 * as JSON strings or integers (protorpc accepts both; every example in the spec sends strings).
 */
export const int64 = z.union([z.string().regex(/^-?\d+$/), z.number().int()]).transform(String);
const LICENSES = ['admins', 'agents', 'dpde_all', 'dpde_one', 'lite_lines', 'lite_support_agents', 'magenta_lines', 'talk'] as const;

/** schemas.user.CreateUserMessage: required email, office_id. */
export const createUserMessage = z.object({
  email: z.string().min(1),
  office_id: int64,
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  license: z.enum(LICENSES).nullish(),
  auto_assign: z.boolean().nullish(),
});

/** schemas.user.UpdateUserMessage; `state` may only be set to active or suspended. */
export const updateUserMessage = z.object({
  admin_office_ids: z.array(int64).nullish(),
  emails: z.array(z.string()).nullish(),
  extension: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  forwarding_numbers: z.array(z.string()).nullish(),
  international_dialing_enabled: z.boolean().nullish(),
  is_super_admin: z.boolean().nullish(),
  job_title: z.string().nullish(),
  keep_paid_numbers: z.boolean().nullish(),
  license: z.enum(LICENSES).nullish(),
  office_id: int64.nullish(),
  phone_numbers: z.array(z.string()).nullish(),
  presence_status: z.record(z.string(), z.unknown()).nullish(),
  state: z.enum(['active', 'suspended']).nullish(),
});

/** schemas.group.AddCallCenterOperatorMessage. */
export const addCallCenterOperatorMessage = z.object({
  user_id: int64,
  role: z.enum(['admin', 'operator', 'supervisor']).nullish(),
  skill_level: z.number().int().min(1).max(100).nullish(),
  license_type: z.enum(['agents', 'lite_support_agents']).nullish(),
  keep_paid_numbers: z.boolean().nullish(),
});

/** schemas.group.RemoveCallCenterOperatorMessage. */
export const removeCallCenterOperatorMessage = z.object({ user_id: int64 });

/** schemas.number.UnassignNumberMessage. */
export const unassignNumberMessage = z.object({ number: z.string().min(1) });
