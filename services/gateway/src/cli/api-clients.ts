import { ApiClientStore } from '../db/api-client-store';
import { runApiClientsCommand } from './api-clients-command';
import { runGatewayCli } from './run-cli';

/** `npm run clients -- <command>` (from the repository root) with the gateway's DATABASE_URL. */
void runGatewayCli((prisma, argv) => runApiClientsCommand(argv, new ApiClientStore(prisma)));
