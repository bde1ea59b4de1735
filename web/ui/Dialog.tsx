import { type ReactNode, useEffect } from 'react';
import { createPortal } from 'react-dom';
import { STRINGS } from '../i18n/strings.js';

/**
 * A modal sheet over the map; Escape or its × closes it. Rendered at the end of <body>, so a
 * dialog opened from a panel is not held inside the panel's stacking context.
 */
export function Dialog({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [onClose]);
  return createPortal(
    <div className="backdrop">
      <section className="dialog" role="dialog" aria-modal="true" aria-label={title}>
        <button
          type="button"
          className="close"
          onClick={onClose}
          aria-label={STRINGS[document.documentElement.lang === 'en' ? 'en' : 'vi'].close}
        >
          ×
        </button>
        <h2>{title}</h2>
        {children}
      </section>
    </div>,
    document.body,
  );
}
