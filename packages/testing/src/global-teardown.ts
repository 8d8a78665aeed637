import './global-setup';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__atalaiaTestStack?.stop();
  globalThis.__atalaiaTestStack = undefined;
}
