import { afterRefusal, afterSignIn, emptySignInDraft, signInErrorOf, signInRequestOf, withMethod, type SignInDraft } from '../src/domain/sign-in-form';

const typed = (overrides: Partial<SignInDraft>): SignInDraft => ({ ...emptySignInDraft, ...overrides });

describe('sign-in form', () => {
  it('when it opens, then it asks a person for login and password', () => {
    expect(emptySignInDraft).toMatchObject({ method: 'password', codeRequired: false });
  });

  it('when login and password are typed, then they are sent, the login trimmed and the password as typed', () => {
    expect(signInRequestOf(typed({ login: ' maria.souza ', password: ' viatura azul na serra ' }))).toEqual({ request: { login: 'maria.souza', password: ' viatura azul na serra ' } });
  });

  it.each([
    [{ password: 'x' }, 'login'],
    [{ login: 'maria' }, 'password'],
    [{ login: 'maria', password: 'x', codeRequired: true }, 'code'],
    [{ method: 'api_key' as const, apiKey: '  ' }, 'apiKey'],
  ])('when %j is all that was typed, then %s is missing and nothing is sent', (draft, missing) => {
    expect(signInRequestOf(typed(draft))).toEqual({ missing });
  });

  it('when the gateway asks for the second factor, then the password waits for the code and both are sent together', () => {
    const { draft, refusal } = afterRefusal(typed({ login: 'maria', password: 'viatura azul na serra' }), 'SECOND_FACTOR_REQUIRED');
    expect(refusal).toBe('code_required');
    expect(draft).toMatchObject({ codeRequired: true, login: 'maria', password: 'viatura azul na serra' });
    expect(signInRequestOf({ ...draft, code: '123 456' })).toEqual({ request: { login: 'maria', password: 'viatura azul na serra', code: '123456' } });
  });

  it('when the password is refused, then the password is cleared, the login kept, and the refusal names no cause', () => {
    const { draft, refusal } = afterRefusal(typed({ login: 'maria', password: 'wrong one' }), 'INVALID_CREDENTIALS');
    expect(refusal).toBe('invalid_credentials');
    expect(draft).toEqual(typed({ login: 'maria' }));
  });

  it('when the code is refused, then the form goes back to the password, with nothing secret left', () => {
    const { draft, refusal } = afterRefusal(typed({ login: 'maria', password: 'viatura azul na serra', codeRequired: true, code: '000000' }), 'INVALID_CREDENTIALS');
    expect(refusal).toBe('invalid_credentials');
    expect(draft).toEqual(typed({ login: 'maria' }));
  });

  it('when another failure happens (offline, rate limited), then the secrets are cleared too and it is explained by its code', () => {
    const { draft, refusal } = afterRefusal(typed({ login: 'maria', password: 'x', codeRequired: true, code: '1' }), 'NETWORK_ERROR');
    expect(refusal).toBe('other');
    expect(draft).toEqual(typed({ login: 'maria' }));
  });

  it('when an API key is refused, then the key is cleared and the refusal is about the key', () => {
    expect(afterRefusal(typed({ method: 'api_key', apiKey: 'atk_x' }), 'INVALID_API_KEY')).toEqual({ draft: withMethod('api_key'), refusal: 'invalid_key' });
  });

  it('when the person signs in or switches to an API key, then nothing typed is kept', () => {
    expect(afterSignIn(typed({ login: 'maria', password: 'x' }))).toEqual(emptySignInDraft);
    expect(withMethod('api_key')).toEqual(typed({ method: 'api_key' }));
  });

  it('when a single sign-on comes back with a refusal, then its code is read from the address, and nothing else is', () => {
    expect(signInErrorOf('?signInError=SSO_NO_ROLE')).toBe('SSO_NO_ROLE');
    expect(signInErrorOf('?signInError=%3Cscript%3E')).toBeUndefined();
    expect(signInErrorOf('')).toBeUndefined();
  });
});
