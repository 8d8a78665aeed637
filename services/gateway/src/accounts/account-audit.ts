import { standaloneAuditEntryEnvelope, type Actor } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { writeOutboxMessages } from '@atalaia/outbox';
import type { UserRecord } from '../db/user-store';
import { personClientId } from '../domain/api-client';

/** What is audited about accounts, under the account's agency and as aggregate `user` / its id. */
export type AccountAction =
  | 'user.invited'
  | 'user.roles_changed'
  | 'user.disabled'
  | 'user.link_issued'
  | 'user.password_set'
  | 'user.second_factor_enabled'
  | 'user.second_factor_removed'
  | 'user.signed_in'
  | 'user.sign_in_failed';

/** What an entry says about an account: never its password hash, second-factor secret or a link's token. */
export function accountSnapshot(user: UserRecord): Record<string, unknown> {
  return { login: user.login, displayName: user.displayName, roles: [...user.roles], status: user.status };
}

/** The actor of a sign-in attempt that did not succeed: nobody is known to have acted. */
export function anonymousActor(agencyId: string): Actor {
  return { clientId: 'anonymous', agencyId };
}

/** The person themselves, as the actor of their own sign-in or password change. */
export function selfActor(user: UserRecord): Actor {
  return { clientId: personClientId(user.id), agencyId: user.agencyId, userId: user.id, userName: user.displayName, roles: [...user.roles] };
}

/**
 * Account changes reach the audit trail as the services' changes do: an
 * `audit.entry` in the gateway's outbox, written in the transaction of the
 * change itself (pass that transaction as `db`), published by the relay.
 */
export class AccountAudit {
  constructor(private readonly auditTopic: string) {}

  async record(
    db: SqlExecutor,
    entry: { actor: Actor; action: AccountAction; user: UserRecord; before: Record<string, unknown> | null; after: Record<string, unknown> | null },
  ): Promise<void> {
    const envelope = standaloneAuditEntryEnvelope(entry.actor, 'gateway', {
      action: entry.action,
      aggregateType: 'user',
      aggregateId: entry.user.id,
      ownerAgencyId: entry.user.agencyId,
      before: entry.before,
      after: entry.after,
    });
    await writeOutboxMessages(db, [{ topic: this.auditTopic, key: entry.user.id, envelope }]);
  }
}
