import { AccessContextSigner, type AgencyAccess } from '@atalaia/http';

/** The access-context signing key every test's services and gateways share. */
export const TEST_ACCESS_CONTEXT_SIGNING_KEY = 'atalaia-tests-access-context-signing-key';

const signer = new AccessContextSigner(TEST_ACCESS_CONTEXT_SIGNING_KEY);

/** The header a read carries from the gateway, signed with the tests' key: for calling a service directly. */
export function signedAccessHeaders(access: AgencyAccess): Promise<Record<string, string>> {
  return signer.headersFor(access);
}
