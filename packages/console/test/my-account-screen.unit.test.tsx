import { SecondFactorEnrolment } from '../src/components/second-factor-enrolment';
import MyAccountScreen, { SecondFactorSection } from '../src/screens/my-account-screen';
import { aPersonSession, aSession } from './builders';
import { render, testIds } from './render';

const noop = () => undefined;
const never = () => new Promise<never>(noop);
const enrolment = {
  secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  uri: 'otpauth://totp/Atalaia:maria.souza?issuer=Atalaia&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30',
};

describe('your account: second factor', () => {
  it('when the person has no second factor, then it says what one adds and offers to set an authenticator app up', () => {
    const html = render(<SecondFactorSection enrolled={false} begin={never} confirm={never} />, { language: 'en' });
    expect(html).toMatch(/data-testid="second-factor" data-state="off"/);
    expect(html).toContain('signing in asks for your password alone');
    expect(testIds(html)).toEqual(['second-factor', 'second-factor-start']);
  });

  it('when the person already has one, then nothing is offered but what to do about a lost phone', () => {
    const html = render(<SecondFactorSection enrolled begin={never} confirm={never} />, { language: 'en' });
    expect(html).toMatch(/data-testid="second-factor" data-state="on"/);
    expect(html).toContain('Ask an administrator of your agency to remove the second factor');
    expect(testIds(html)).toEqual(['second-factor']);
  });

  it('when an enrolment was started, then the secret shows as a QR code of its URI and as grouped text, and the code field is a one-time code, empty', () => {
    const html = render(<SecondFactorEnrolment enrolment={enrolment} confirm={never} onEnrolled={noop} onCancel={noop} />, { language: 'en' });
    expect(testIds(html)).toEqual(['second-factor-enrolment', 'second-factor-qr', 'second-factor-secret', 'second-factor-code', 'second-factor-cancel', 'second-factor-confirm']);
    expect(html).toMatch(/<svg class="qr-code" viewBox="-4 -4 (\d+) \1" role="img" aria-label="QR code of your account&#x27;s key, for the authenticator app"/);
    expect(html).toMatch(/<path d="(M\d+ \d+h\d+v1h-\d+z)+" fill="#000"/);
    expect(html).toContain('>JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP</code>');
    expect(html).toMatch(/data-testid="second-factor-code"[^>]* value=""/);
    expect(html).toContain('autoComplete="one-time-code"');
    expect(html).not.toContain(enrolment.uri); // drawn, not written into the page
  });

  it('when the session is an API key\'s, then the page says only a person has an account of their own', () => {
    const html = render(<MyAccountScreen />, { session: aSession(), language: 'en' });
    expect(html).toMatch(/data-testid="my-account-no-person">Only a person signed in with login and password has an account of their own/);
  });

  it('when a person opens it, then it names them and asks the gateway how their second factor stands before offering anything', () => {
    const html = render(<MyAccountScreen />, { session: aPersonSession(['dispatcher'], 'Davi Despachante'), language: 'en' });
    expect(html).toContain('<strong>Davi Despachante</strong>');
    expect(html).toContain('Second factor: authenticator app');
    expect(testIds(html)).toEqual(['my-account']);
  });
});
