import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { scrollToReveal, visibleWindow } from '../domain/windowing';

interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  itemKey(item: T): string;
  renderRow(item: T, index: number): ReactNode;
  label: string;
  /** Rendered after the last row (a "load more" button). */
  footer?: ReactNode;
  /** Viewport height before it is measured (server rendering, first paint). */
  initialHeight?: number;
}

/**
 * Renders only the rows in view (plus a few) at a fixed row height, so a
 * board with thousands of occurrences scrolls as smoothly as one with ten.
 * Arrow keys, Home and End move focus between rows' first link.
 */
export function VirtualList<T>({ items, rowHeight, itemKey, renderRow, label, footer, initialHeight = 600 }: VirtualListProps<T>) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(initialHeight);
  const pendingFocus = useRef<number | undefined>(undefined);

  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (pendingFocus.current === undefined) return;
    const row = viewport.current?.querySelector<HTMLElement>(`[data-row-index="${pendingFocus.current}"] a, [data-row-index="${pendingFocus.current}"] button`);
    if (row) {
      row.focus();
      pendingFocus.current = undefined;
    }
  });

  const { start, end, offsetTop, totalHeight } = visibleWindow({ scrollTop, viewportHeight: height, rowHeight, rowCount: items.length, overscan: 8 });

  const moveFocus = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = (event.target as HTMLElement).closest<HTMLElement>('[data-row-index]');
    if (!current || !viewport.current) return;
    const index = Number(current.dataset.rowIndex);
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 }[event.key];
    if (next === undefined || next < 0 || next >= items.length) return;
    event.preventDefault();
    const target = scrollToReveal(next, viewport.current.scrollTop, viewport.current.clientHeight, rowHeight);
    if (target !== undefined) viewport.current.scrollTop = target;
    pendingFocus.current = next;
    setScrollTop(viewport.current.scrollTop);
  };

  return (
    <div ref={viewport} className="virtual-viewport" onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)} onKeyDown={moveFocus}>
      <div role="list" aria-label={label} aria-rowcount={items.length} style={{ height: totalHeight, position: 'relative' }}>
        <div style={{ transform: `translateY(${offsetTop}px)` }}>
          {items.slice(start, end).map((item, offset) => (
            <div role="listitem" key={itemKey(item)} data-row-index={start + offset} style={{ height: rowHeight }} className="virtual-row">
              {renderRow(item, start + offset)}
            </div>
          ))}
        </div>
      </div>
      {footer}
    </div>
  );
}
