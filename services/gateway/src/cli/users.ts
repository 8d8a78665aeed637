import { AccountAdministration } from '../accounts/account-administration';
import { AccountAudit } from '../accounts/account-audit';
import { argon2PasswordHasher } from '../accounts/password-hashing';
import { UserStore } from '../db/user-store';
import { runGatewayCli } from './run-cli';
import { runUsersCommand } from './users-command';

/** `npm run users -- <command>` (from the repository root) with the gateway's DATABASE_URL; its changes are audited through the outbox. */
void runGatewayCli((prisma, argv, topics) => {
  const hasher = argon2PasswordHasher();
  const administration = new AccountAdministration(prisma, hasher, new AccountAudit(topics.auditEvents));
  return runUsersCommand(argv, { store: new UserStore(prisma), administration, hasher });
});
