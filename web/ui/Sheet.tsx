import { useRef } from 'react';
import { type Lang, STRINGS } from '../i18n/strings.js';

/** The heights a phone's bottom sheet snaps to. */
export type SheetSize = 'peek' | 'half' | 'full';
const SIZES: readonly SheetSize[] = ['peek', 'half', 'full'];
/** each size's share of the area below the top bar (as ui.css draws them) */
const SHARE: Record<SheetSize, number> = { peek: 0.25, half: 0.5, full: 0.88 };

/**
 * The grip at the top of a panel that is a bottom sheet on a phone (hidden on a desktop): dragged,
 * the sheet follows the finger and snaps to the nearest of peek, half and full; pressed (or Enter,
 * Space), it steps to the next size; arrow keys step up and down.
 */
export function SheetHandle({ lang, size, onSize }: { lang: Lang; size: SheetSize; onSize(size: SheetSize): void }) {
  const drag = useRef<{ startY: number; startH: number; moved: boolean } | null>(null);
  // a drag ends in a click too: only a press without a drag steps
  const dragged = useRef(false);
  const t = STRINGS[lang];
  const step = (by: number) => onSize(SIZES[Math.min(SIZES.length - 1, Math.max(0, SIZES.indexOf(size) + by))]);
  const sheetOf = (el: Element) => el.closest('.panel') as HTMLElement;
  return (
    <button
      type="button"
      className="sheet-handle"
      aria-label={t.sheetSize(t.sheetSizes[size])}
      data-testid="sheet-handle"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { startY: e.clientY, startH: sheetOf(e.currentTarget).offsetHeight, moved: false };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        const dy = d.startY - e.clientY;
        if (Math.abs(dy) > 6) d.moved = true;
        if (d.moved) sheetOf(e.currentTarget).style.height = `${Math.max(60, d.startH + dy)}px`;
      }}
      onPointerUp={(e) => {
        const d = drag.current;
        drag.current = null;
        dragged.current = !!d?.moved;
        if (!d?.moved) return;
        const sheet = sheetOf(e.currentTarget);
        const share = sheet.offsetHeight / (sheet.parentElement?.clientHeight || 1);
        sheet.style.height = '';
        const nearest = SIZES.reduce((a, b) => (Math.abs(SHARE[b] - share) < Math.abs(SHARE[a] - share) ? b : a));
        onSize(nearest);
      }}
      onClick={() => {
        if (dragged.current) {
          dragged.current = false;
          return;
        }
        onSize(SIZES[(SIZES.indexOf(size) + 1) % SIZES.length]);
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowUp') step(1);
        else if (e.key === 'ArrowDown') step(-1);
        else return;
        e.preventDefault();
      }}
    >
      <span aria-hidden="true" />
    </button>
  );
}
