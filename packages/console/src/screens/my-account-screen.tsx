import { useState } from 'react';
import { useConsole } from '../app/console-context';
import { useResource } from '../app/use-resource';
import { SecondFactorEnrolment } from '../components/second-factor-enrolment';
import { useRequest } from '../components/use-request';
import type { SessionPerson, TotpEnrolment } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';

/**
 * The signed-in person's own account: who they are, and their second factor.
 * Loaded on demand, with the QR code's encoder, by whoever opens it.
 */
export default function MyAccountScreen() {
  const { session } = useConsole();
  const { explain } = useI18n();
  const person = session.client.person;
  if (!person) {
    return (
      <p className="muted" data-testid="my-account-no-person">
        {explain('PERSON_REQUIRED')}
      </p>
    );
  }
  return <PersonAccount person={person} />;
}

function PersonAccount({ person }: { person: SessionPerson }) {
  const { api, session } = useConsole();
  const { t } = useI18n();
  // Asked again on opening: an enrolment earlier in this session, or an administrator's removal, shows as it is now.
  const current = useResource(() => api.session(), 'my-account');
  const enrolled = current.data?.client.person?.secondFactor ?? (current.loading ? undefined : person.secondFactor);
  const roles = person.roles.map((role) => t(`role.${role}`)).join(', ');
  const agency = session.client.crossAgency ? t('session.crossAgency') : t('session.agency', { agency: session.client.agencyId });
  return (
    <section className="my-account" aria-labelledby="my-account-title" data-testid="my-account">
      <h1 id="my-account-title">{t('myAccount.title')}</h1>
      <p>
        <strong>{person.displayName}</strong> <span className="muted">· {t('session.person', { roles: roles || t('session.noRoles'), agency })}</span>
      </p>
      <h2>{t('myAccount.secondFactor')}</h2>
      {enrolled === undefined ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <SecondFactorSection enrolled={enrolled} begin={api.beginSecondFactor} confirm={api.confirmSecondFactor} />
      )}
    </section>
  );
}

interface SectionProps {
  /** As the gateway last said. */
  enrolled: boolean;
  begin(): Promise<TotpEnrolment>;
  confirm(code: string): Promise<unknown>;
}

type Step = { name: 'idle' } | { name: 'enrolling'; enrolment: TotpEnrolment } | { name: 'enrolled_now' };

/** Off: a way to set an authenticator app up; on: how to replace a lost one. */
export function SecondFactorSection({ enrolled, begin, confirm }: SectionProps) {
  const { t, explain } = useI18n();
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const request = useRequest();
  const start = async () => {
    const enrolment = await request.run(begin);
    if (enrolment) setStep({ name: 'enrolling', enrolment });
  };

  if (step.name === 'enrolled_now') {
    return (
      <div data-testid="second-factor" data-state="enrolled-now">
        <p className="notice" role="status" data-testid="second-factor-enrolled">
          {t('myAccount.enrolledNow')}
        </p>
        <p className="hint">{t('myAccount.lostPhone')}</p>
      </div>
    );
  }
  if (enrolled) {
    return (
      <div data-testid="second-factor" data-state="on">
        <p>{t('myAccount.on')}</p>
        <p className="hint">{t('myAccount.lostPhone')}</p>
      </div>
    );
  }
  if (step.name === 'enrolling') {
    return (
      <div data-testid="second-factor" data-state="enrolling">
        <SecondFactorEnrolment enrolment={step.enrolment} confirm={confirm} onEnrolled={() => setStep({ name: 'enrolled_now' })} onCancel={() => setStep({ name: 'idle' })} />
      </div>
    );
  }
  return (
    <div data-testid="second-factor" data-state="off">
      <p>{t('myAccount.off')}</p>
      {request.errorCode && (
        <p className="error-text" role="alert" data-testid="second-factor-error" data-code={request.errorCode}>
          {explain(request.errorCode)}
        </p>
      )}
      <button type="button" className="button button-primary" data-testid="second-factor-start" disabled={request.busy} onClick={() => void start()}>
        {request.busy ? t('action.sending') : t('myAccount.start')}
      </button>
    </div>
  );
}
