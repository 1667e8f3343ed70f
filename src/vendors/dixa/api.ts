import { z } from 'zod';

/**
 * Wire shapes of the Dixa endpoints a snapshot reads (shared/specs/dixa-openapi-beta.yaml, served under /v1).
 * Loose objects: extra fields the API adds later pass through. Optional where the spec or older renders leave a
 * field out (research/dixa.md section 2: roles and additionalEmails were added later). The seed's `active`,
 * `role`, `teamIds`, `queueIds` are tolerated (DESIGN.md section 3). A missing id or a wrong type fails the record.
 */
const Text = z.string();
const TextList = z.array(z.string());

export const DixaOrganization = z.looseObject({
  id: z.string().min(1),
  name: Text.nullish(),
  subdomain: Text.nullish(),
  status: Text.nullish(),
});
export const DixaOrganizationResponse = z.looseObject({ data: DixaOrganization });

export const DixaAgent = z.looseObject({
  id: z.string().min(1),
  createdAt: Text.nullish(),
  displayName: Text.nullish(),
  email: Text.nullish(),
  phoneNumber: Text.nullish(),
  additionalEmails: TextList.nullish(),
  additionalPhoneNumbers: TextList.nullish(),
  firstName: Text.nullish(),
  lastName: Text.nullish(),
  middleNames: TextList.nullish(),
  roles: TextList.nullish(),
  // Seed variants (not in the spec).
  role: Text.nullish(),
  active: z.boolean().nullish(),
  teamIds: TextList.nullish(),
  queueIds: TextList.nullish(),
});
export type DixaAgent = z.infer<typeof DixaAgent>;

/** GET /v1/agents/presence: a bare array (no envelope), timestamps without zone. */
export const DixaPresence = z.looseObject({
  userId: z.string().min(1),
  requestTime: Text.nullish(),
  lastSeen: Text.nullish(),
  presenceStatus: Text.nullish(),
  connectionStatus: Text.nullish(),
});
export type DixaPresence = z.infer<typeof DixaPresence>;

export const DixaTeam = z.looseObject({ id: z.string().min(1), name: Text.nullish() });
export type DixaTeam = z.infer<typeof DixaTeam>;

/** GET /v1/teams/{id}/agents: the key is `name`, not displayName. */
export const DixaTeamMember = z.looseObject({ id: z.string().min(1), name: Text.nullish(), email: Text.nullish(), phoneNumber: Text.nullish() });
export type DixaTeamMember = z.infer<typeof DixaTeamMember>;

export const DixaQueue = z.looseObject({ id: z.string().min(1), name: Text.nullish() });
export type DixaQueue = z.infer<typeof DixaQueue>;

/** GET /v1/queues/{id}/members: ids only, with the agent's priority in that queue. */
export const DixaQueueMember = z.looseObject({ agentId: z.string().min(1), priority: z.number().nullish() });
export type DixaQueueMember = z.infer<typeof DixaQueueMember>;

export const DixaEndUser = z.looseObject({
  id: z.string().min(1),
  createdAt: Text.nullish(),
  displayName: Text.nullish(),
  email: Text.nullish(),
  additionalEmails: TextList.nullish(),
  phoneNumber: Text.nullish(),
  additionalPhoneNumbers: TextList.nullish(),
  firstName: Text.nullish(),
  lastName: Text.nullish(),
});
export type DixaEndUser = z.infer<typeof DixaEndUser>;
export const DixaEndUserResponse = z.looseObject({ data: DixaEndUser });

export const DIXA_BASE_URL = 'https://dev.dixa.io';
