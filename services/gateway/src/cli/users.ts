import { argon2PasswordHasher } from '../accounts/password-hashing';
import { UserStore } from '../db/user-store';
import { runGatewayCli } from './run-cli';
import { runUsersCommand } from './users-command';

/** `npm run users -- <command>` (from the repository root) with the gateway's DATABASE_URL. */
void runGatewayCli((prisma, argv) => runUsersCommand(argv, new UserStore(prisma), argon2PasswordHasher()));
