import { createCommandIntent } from '../src/domain/command-intent';

function recordingSender(outcomes: Array<'ok' | 'network-error'>) {
  const calls: { key: string; payload: unknown }[] = [];
  const resolvers: Array<() => void> = [];
  const send = (key: string, payload: unknown) => {
    calls.push({ key, payload });
    const outcome = outcomes[calls.length - 1] ?? 'ok';
    return new Promise<{ commandId: string }>((resolve, reject) => {
      resolvers.push(() => (outcome === 'ok' ? resolve({ commandId: `command-${calls.length}` }) : reject(new TypeError('Failed to fetch'))));
    });
  };
  return { send, calls, settleAll: () => resolvers.splice(0).forEach((settle) => settle()) };
}

let keys = 0;
const makeKey = () => `key-${++keys}`;

describe('command intent', () => {
  it('when the intent is created, then its key exists before any request (the form opened)', () => {
    const sender = recordingSender([]);
    const intent = createCommandIntent(sender.send, makeKey);
    expect(intent.key).toMatch(/^key-\d+$/);
    expect(intent.state().phase).toBe('idle');
    expect(sender.calls).toHaveLength(0);
  });

  it('when the button is double-clicked, then one request is sent with one key and both clicks get its answer', async () => {
    const sender = recordingSender(['ok']);
    const intent = createCommandIntent(sender.send, makeKey);
    const first = intent.submit(undefined);
    const second = intent.submit(undefined);
    expect(intent.state().phase).toBe('in_flight');
    sender.settleAll();
    await expect(first).resolves.toEqual({ commandId: 'command-1' });
    await expect(second).resolves.toEqual({ commandId: 'command-1' });
    expect(sender.calls).toHaveLength(1);
  });

  it('when a retry follows a network error, then it sends the same key again', async () => {
    const sender = recordingSender(['network-error', 'ok']);
    const intent = createCommandIntent(sender.send, makeKey);
    const failed = intent.submit({ reason: 'Trote' });
    sender.settleAll();
    await expect(failed).rejects.toThrow('Failed to fetch');
    expect(intent.state().phase).toBe('failed');
    const retried = intent.submit({ reason: 'Trote' });
    sender.settleAll();
    await expect(retried).resolves.toEqual({ commandId: 'command-2' });
    expect(sender.calls.map(({ key }) => key)).toEqual([intent.key, intent.key]);
    expect(intent.state()).toMatchObject({ phase: 'accepted', attempts: 2 });
  });

  it('when the intent was accepted, then pressing again sends nothing and answers the same command', async () => {
    const sender = recordingSender(['ok']);
    const intent = createCommandIntent(sender.send, makeKey);
    const accepted = intent.submit(undefined);
    sender.settleAll();
    await accepted;
    await expect(intent.submit(undefined)).resolves.toEqual({ commandId: 'command-1' });
    expect(sender.calls).toHaveLength(1);
  });

  it('when two intents are created, then each has its own key', () => {
    const sender = recordingSender([]);
    expect(createCommandIntent(sender.send, makeKey).key).not.toBe(createCommandIntent(sender.send, makeKey).key);
  });

  it('when no key maker is given, then the key is a random UUID', () => {
    const intent = createCommandIntent(recordingSender([]).send);
    expect(intent.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('when the state changes, then subscribers hear about it', async () => {
    const sender = recordingSender(['ok']);
    const intent = createCommandIntent(sender.send, makeKey);
    const phases: string[] = [];
    intent.subscribe(() => phases.push(intent.state().phase));
    const accepted = intent.submit(undefined);
    sender.settleAll();
    await accepted;
    expect(phases).toEqual(['in_flight', 'accepted']);
  });
});
