/**
 * The organisation a Dixa simulator serves, in the vendor's own wire shapes (shared/specs/dixa-openapi-beta.yaml,
 * served under /v1 as the real API does). The demo generator writes this; the simulator serves it; the collector
 * must reconstruct it exactly.
 */
export interface DixaAgentRaw {
  id: string;
  createdAt: string;
  displayName: string;
  email: string;
  avatarUrl?: string;
  phoneNumber?: string;
  additionalEmails?: string[];
  additionalPhoneNumbers?: string[];
  firstName?: string;
  lastName?: string;
  middleNames?: string[];
  /** "Agent", "Administrator"; no enum is documented. */
  roles?: string[];
}

export interface DixaPresenceRaw {
  userId: string;
  requestTime: string;
  /** Absent for an agent who never signed in: the only sign of an unaccepted invite. */
  lastSeen?: string;
  presenceStatus?: 'Away' | 'Working';
  connectionStatus: 'Offline' | 'Online';
  activeChannels?: string[];
}

export interface DixaEndUserRaw {
  id: string;
  createdAt: string;
  displayName?: string;
  email?: string;
  phoneNumber?: string;
  additionalEmails?: string[];
  additionalPhoneNumbers?: string[];
  firstName?: string;
  lastName?: string;
  middleNames?: string[];
  avatarUrl?: string;
  externalId?: string;
}

/** Queue as GET /v1/queues returns it (spec schema Queue1); extra fields are allowed. */
export interface DixaQueueRaw {
  id: string;
  name: string;
  isDefault: boolean;
  organizationId: string;
  queueThresholds: Record<string, number>;
  slaCalculationMethod: string;
  doNotOfferTimeouts: Record<string, number>;
  isDoNotOfferEnabled: boolean;
  [key: string]: unknown;
}

export interface DixaState {
  organization: { id: string; name: string; subdomain: string; status: 'Active' | 'Suspended' };
  agents: DixaAgentRaw[];
  presence: DixaPresenceRaw[];
  /** memberIds may name end users (agents downgraded with DELETE /v1/agents/{id}) or ids that exist nowhere. */
  teams: Array<{ id: string; name: string; memberIds: string[] }>;
  queues: Array<{ queue: DixaQueueRaw; members: Array<{ agentId: string; priority?: number }> }>;
  endUsers: DixaEndUserRaw[];
}
