import { useState } from 'react';
import { useConsole, useNow } from '../app/console-context';
import { useResource } from '../app/use-resource';
import { errorCodeOf } from '../api/http-client';
import { Dialog } from '../components/dialog';
import type { DeadLetter } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { formatDuration } from '../i18n/time-format';

/** The pipeline's health (outbox, consumer lag, dead letters) and dead-letter re-drive. Loaded on demand. */
export default function OperationsScreen() {
  const { api } = useConsole();
  const { t, age, explain } = useI18n();
  const now = useNow(5000);
  const [version, setVersion] = useState(0);
  const [topic, setTopic] = useState<string | undefined>(undefined);
  const overview = useResource(() => api.operationsOverview(), `overview-${version}`);
  const data = overview.data;
  return (
    <section className="operations" aria-labelledby="operations-title" data-testid="operations">
      <div className="section-head">
        <h1 id="operations-title">{t('operations.title')}</h1>
        <button type="button" className="button" onClick={() => setVersion((value) => value + 1)} disabled={overview.loading}>
          {t('operations.refresh')}
        </button>
        {data && <span className="muted">{t('operations.checkedAt', { age: age(data.checkedAt, now) })}</span>}
      </div>
      {overview.error !== undefined && <p className="error-text" role="alert">{explain(errorCodeOf(overview.error))}</p>}
      {data && (
        <div className="operations-grid">
          <section aria-labelledby="ops-outbox">
            <h2 id="ops-outbox">{t('operations.outbox')}</h2>
            <table className="data-table" data-testid="ops-outbox">
              <thead>
                <tr>
                  <th scope="col">{t('operations.source')}</th>
                  <th scope="col" className="numeric">{t('operations.backlog')}</th>
                  <th scope="col" className="numeric">{t('operations.oldest')}</th>
                  <th scope="col" className="numeric">{t('operations.setAside')}</th>
                </tr>
              </thead>
              <tbody>
                {data.outbox.map((row) => (
                  <tr key={row.source} className={row.backlog > 0 ? 'warn' : undefined}>
                    <td>{row.source}</td>
                    <td className="numeric">{row.backlog}</td>
                    <td className="numeric">{row.oldestAgeSeconds === null ? '—' : formatDuration(row.oldestAgeSeconds * 1000)}</td>
                    <td className="numeric">{row.setAside}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="ops-consumers">
            <h2 id="ops-consumers">{t('operations.consumers')}</h2>
            <table className="data-table" data-testid="ops-consumers">
              <thead>
                <tr>
                  <th scope="col">{t('operations.group')}</th>
                  <th scope="col">{t('operations.topic')}</th>
                  <th scope="col" className="numeric">{t('operations.partition')}</th>
                  <th scope="col" className="numeric">{t('operations.lag')}</th>
                </tr>
              </thead>
              <tbody>
                {data.consumers.map((row) => (
                  <tr key={`${row.group}/${row.topic}/${row.partition}`} className={row.lag > 0 ? 'warn' : undefined}>
                    <td>{row.group}</td>
                    <td>{row.topic}</td>
                    <td className="numeric">{row.partition}</td>
                    <td className="numeric">{row.lag}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="ops-dlq">
            <h2 id="ops-dlq">{t('operations.deadLetters')}</h2>
            <table className="data-table" data-testid="ops-dead-letters">
              <thead>
                <tr>
                  <th scope="col">{t('operations.topic')}</th>
                  <th scope="col" className="numeric">{t('operations.count')}</th>
                  <th scope="col"><span className="visually-hidden">{t('operations.view')}</span></th>
                </tr>
              </thead>
              <tbody>
                {data.deadLetters.map((row) => (
                  <tr key={row.topic} className={row.count > 0 ? 'danger' : undefined}>
                    <td>{row.topic}</td>
                    <td className="numeric">{row.count}</td>
                    <td>
                      <button type="button" className="button-link" aria-pressed={topic === row.topic} onClick={() => setTopic(row.topic)} disabled={row.count === 0}>
                        {t('operations.view')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
      {topic && <DeadLetterList key={`${topic}-${version}`} topic={topic} onRedriven={() => setVersion((value) => value + 1)} />}
    </section>
  );
}

function DeadLetterList({ topic, onRedriven }: { topic: string; onRedriven(): void }) {
  const { api } = useConsole();
  const { t, dateTime, explain } = useI18n();
  const letters = useResource(() => api.deadLetters(topic), topic);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<string | undefined>(undefined);
  const rows: DeadLetter[] = letters.data?.data ?? [];
  const toggle = (offset: string) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (!next.delete(offset)) next.add(offset);
      return next;
    });
  return (
    <section aria-labelledby="ops-letters" data-testid="ops-letters">
      <h2 id="ops-letters">{t('operations.lettersOf', { topic })}</h2>
      {outcome && <p className="notice" role="status">{outcome}</p>}
      {letters.error !== undefined && <p className="error-text" role="alert">{explain(errorCodeOf(letters.error))}</p>}
      {rows.length === 0 ? (
        <p className="muted">{letters.loading ? t('app.loading') : t('operations.noLetters')}</p>
      ) : (
        <>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t('operations.selectAll')}
                    checked={selected.size === rows.length}
                    onChange={(event) => setSelected(event.target.checked ? new Set(rows.map((row) => row.offset)) : new Set())}
                  />
                </th>
                <th scope="col">{t('operations.offset')}</th>
                <th scope="col">{t('operations.failedAt')}</th>
                <th scope="col">{t('operations.code')}</th>
                <th scope="col">{t('operations.messageType')}</th>
                <th scope="col" className="numeric">{t('operations.attempts')}</th>
                <th scope="col">{t('operations.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.offset}>
                  <td>
                    <input type="checkbox" aria-label={t('operations.select', { offset: row.offset })} checked={selected.has(row.offset)} onChange={() => toggle(row.offset)} />
                  </td>
                  <td>{row.offset}</td>
                  <td>{dateTime(row.failedAt)}</td>
                  <td><code>{row.code}</code></td>
                  <td>{row.messageType}</td>
                  <td className="numeric">{row.attempts}</td>
                  <td className="wrap">{row.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="button button-danger" data-testid="redrive" disabled={selected.size === 0} onClick={() => setConfirming(true)}>
            {t('operations.redrive', { count: selected.size })}
          </button>
        </>
      )}
      {confirming && (
        <RedriveDialog
          topic={topic}
          offsets={[...selected]}
          onClose={() => setConfirming(false)}
          onDone={(count) => {
            setConfirming(false);
            setSelected(new Set());
            setOutcome(t('operations.redriven', { count }));
            onRedriven();
          }}
        />
      )}
    </section>
  );
}

function RedriveDialog({ topic, offsets, onClose, onDone }: { topic: string; offsets: string[]; onClose(): void; onDone(count: number): void }) {
  const { api } = useConsole();
  const { t, explain } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { redriven } = await api.redrive(topic, offsets);
      onDone(redriven);
    } catch (failure) {
      setError(explain(errorCodeOf(failure)));
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('operations.redriveTitle')} onClose={onClose} testId="redrive-dialog">
      <p>{t('operations.redriveConfirm', { count: offsets.length, topic })}</p>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t('app.cancel')}
        </button>
        <button type="button" className="button button-danger" data-testid="redrive-confirm" onClick={() => void confirm()} disabled={busy}>
          {busy ? t('action.sending') : t('app.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
