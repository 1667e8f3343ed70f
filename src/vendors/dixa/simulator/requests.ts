import { z } from 'zod';

/** Request bodies of the Dixa write endpoints, from shared/specs/dixa-openapi-beta.yaml components. */
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const uniqueStrings = z.array(z.string()).refine((a) => new Set(a).size === a.length, 'items must be unique');

/** CreateAgentInput: displayName and email required. */
export const createAgentInput = z.object({
  displayName: z.string(),
  email: z.string(),
  phoneNumber: z.string().optional(),
  additionalEmails: uniqueStrings.optional(),
  additionalPhoneNumbers: uniqueStrings.optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  middleNames: z.array(z.string()).optional(),
  avatarUrl: z.string().optional(),
});

/** AgentsToTeamInput / DeleteAgentsFromTeamInput. */
export const teamAgentsInput = z.object({ agentIds: z.array(uuid) });

/** BulkQueueEndpointInput: unique uuids. */
export const queueMembersInput = z.object({
  agentIds: z.array(uuid).refine((a) => new Set(a).size === a.length, 'agentIds must be unique'),
});

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
