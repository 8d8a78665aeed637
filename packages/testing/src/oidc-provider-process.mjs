// A real OpenID Connect provider (the `oidc-provider` package) for tests, in a
// process of its own: it is an ES module that Jest's CommonJS runtime cannot
// load. Its configuration comes as JSON in OIDC_TEST_PROVIDER_CONFIG; it
// listens on a free loopback port and prints `ready <issuer>` once it serves.
// Its development sign-in page takes any login (and any password): the login
// names the account, whose claims are the configuration's `accounts[login]`.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { clients, accounts } = JSON.parse(process.env.OIDC_TEST_PROVIDER_CONFIG ?? '{}');
const server = createServer();

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients,
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles', 'groups'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, ...(accounts?.[sub] ?? {}) }) }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['atalaia-oidc-test-provider'] },
  });
  server.on('request', provider.callback());
  process.stdout.write(`ready ${issuer}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
