import { useCallback, useEffect, useMemo, useRef } from 'react';
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { QueueRow } from '../../src-shared/ipc/contract';
import { useDesk } from '../app/desk-context';
import { COLUMN_TRACKS, HIDDEN_WHEN_COMPACT, queueColumns } from './columns';
import { QueueRowView } from './QueueRowView';

export const ROW_HEIGHT = 34;
const OVERSCAN = 10;

/**
 * The queue: an ARIA grid whose body is virtualised (only the rows in view plus a small overscan exist in the
 * DOM) and whose data arrives in windows from `queue.window`, so 100k tickets cost what 40 do. TanStack Table
 * holds the column model; it only ever sees the loaded rows in view.
 */
export function QueueTable() {
  const { t, i18n } = useTranslation();
  const total = useDesk((s) => s.total);
  const rowsVersion = useDesk((s) => s.rowsVersion);
  const selectedIndex = useDesk((s) => s.selectedIndex);
  const selectedId = useDesk((s) => s.selectedId);
  const changedIds = useDesk((s) => s.changedIds);
  const rowAt = useDesk((s) => s.rowAt);
  const select = useDesk((s) => s.select);
  const openDetail = useDesk((s) => s.openDetail);
  const setVisibleRange = useDesk((s) => s.setVisibleRange);
  const clearChanged = useDesk((s) => s.clearChanged);
  const compact = useDesk((s) => s.detailTicketId !== null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    setVisibleRange(first, last);
  }, [first, last, total, setVisibleRange]);

  useEffect(() => {
    if (total > 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, total, virtualizer]);

  const columns = useMemo(() => queueColumns(t, i18n.language), [t, i18n.language]);
  // Only the loaded rows in view go into the table model; rowsVersion says when the loader's pages changed.
  const data = useMemo(() => {
    const out: QueueRow[] = [];
    for (let i = first; i <= last && i < total; i++) {
      const r = rowAt(i);
      if (r) out.push(r);
    }
    return out;
  }, [first, last, total, rowsVersion, rowAt]);
  const columnVisibility = useMemo(() => Object.fromEntries(HIDDEN_WHEN_COMPACT.map((id) => [id, !compact])), [compact]);
  const table = useReactTable({ data, columns, state: { columnVisibility }, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.id });
  const gridTemplateColumns = table
    .getVisibleLeafColumns()
    .map((c) => COLUMN_TRACKS[c.id] ?? 'minmax(60px, 1fr)')
    .join(' ');
  const rowsById = table.getRowModel().rowsById;
  const loadingLabel = t('common.loading');
  const columnModel = useMemo(() => ({ columns, columnVisibility }), [columns, columnVisibility]);
  const openAt = useCallback(
    (index: number, ticketId?: string) => {
      select(index, ticketId);
      openDetail();
    },
    [select, openDetail],
  );

  return (
    <div
      className="queue"
      role="grid"
      aria-label={t('queue.label')}
      aria-rowcount={total + 1}
      aria-colcount={table.getVisibleLeafColumns().length}
      aria-activedescendant={selectedId !== null && rowAt(selectedIndex)?.id === selectedId ? `queue-row-${selectedIndex}` : undefined}
      tabIndex={0}
    >
      <div role="rowgroup" className="queue-head">
        {table.getHeaderGroups().map((hg) => (
          <div role="row" aria-rowindex={1} key={hg.id} className="queue-row queue-row--head" style={{ gridTemplateColumns }}>
            {hg.headers.map((h) => (
              <div role="columnheader" key={h.id} className={`cell cell--${h.column.id}`}>
                {flexRender(h.column.columnDef.header, h.getContext())}
              </div>
            ))}
          </div>
        ))}
      </div>
      <div role="rowgroup" className="queue-body" ref={scrollRef}>
        {total === 0 && (
          <div role="row" className="queue-empty">
            <div role="gridcell">{t('queue.empty')}</div>
          </div>
        )}
        <div className="queue-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <QueueRowView
                key={row?.id ?? `loading-${item.index}`}
                index={item.index}
                start={item.start}
                height={ROW_HEIGHT}
                row={row}
                tableRow={row ? rowsById[row.id] : undefined}
                selected={row !== undefined && row.id === selectedId}
                changed={row !== undefined && changedIds.has(row.id)}
                gridTemplateColumns={gridTemplateColumns}
                columnModel={columnModel}
                loadingLabel={loadingLabel}
                onSelect={select}
                onOpen={openAt}
                onAnimationEnd={clearChanged}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
