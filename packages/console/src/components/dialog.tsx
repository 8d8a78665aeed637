import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  testId?: string;
}

/**
 * A modal on the native <dialog>: showModal() moves focus inside, keeps it
 * there, makes the page behind inert, and Escape closes it (the `cancel` event).
 */
export function Dialog({ title, onClose, children, testId }: DialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const latestClose = useRef(onClose);
  latestClose.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first focusable element, the close button; the first field (or, in a
    // confirmation, its first button, "back") is where the operator starts.
    dialog.querySelector<HTMLElement>('input, textarea, select, .dialog-actions button')?.focus();
    const cancel = (event: Event) => {
      event.preventDefault();
      latestClose.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
      opener?.focus?.(); // focus goes back to what opened the dialog
    };
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} data-testid={testId}>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button-quiet" onClick={onClose} aria-label={t('app.close')}>
          ✕
        </button>
      </header>
      {children}
    </dialog>
  );
}
