import { SingleSignOnStore } from '../db/single-sign-on-store';
import { runGatewayCli } from './run-cli';
import { runSsoCommand } from './sso-command';

/** `npm run sso -- <command>` (from the repository root) with the gateway's DATABASE_URL. */
void runGatewayCli((prisma, argv) => runSsoCommand(argv, new SingleSignOnStore(prisma)));
