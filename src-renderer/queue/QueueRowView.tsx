import { memo } from 'react';
import { flexRender, type Row } from '@tanstack/react-table';
import type { QueueRow } from '../../src-shared/ipc/contract';

export interface QueueRowViewProps {
  readonly index: number;
  readonly start: number;
  readonly height: number;
  readonly row: QueueRow | undefined;
  readonly tableRow: Row<QueueRow> | undefined;
  readonly selected: boolean;
  readonly changed: boolean;
  readonly gridTemplateColumns: string;
  /** The column definitions and their visibility (identity changes with language or layout): cells re-render. */
  readonly columnModel: object;
  readonly loadingLabel: string;
  /** Called with the ticket id shown in this row: the selection is by id, so a click can never pick another ticket. */
  readonly onSelect: (index: number, ticketId?: string) => void;
  readonly onOpen: (index: number, ticketId?: string) => void;
  readonly onAnimationEnd: (id: string) => void;
}

/**
 * One grid row. Memoised on what it shows: a keypress that patches one ticket (or moves the selection) re-renders
 * one or two rows instead of every row in view with their countdowns, which keeps the update inside one frame.
 * `tableRow` is rebuilt by TanStack Table whenever its data array changes, so it is compared by the row data it
 * wraps (`row`, whose identity changes exactly when the loader or the optimistic overlay changes the ticket).
 */
export const QueueRowView = memo(
  function QueueRowView(p: QueueRowViewProps) {
    const classes = ['queue-row', p.selected ? 'is-selected' : '', p.row && p.changed ? 'is-changed' : ''].join(' ');
    return (
      <div
        id={`queue-row-${p.index}`}
        role="row"
        aria-rowindex={p.index + 2}
        aria-selected={p.selected}
        aria-busy={p.row ? undefined : true}
        data-ticket-id={p.row?.id}
        className={classes}
        style={{ transform: `translateY(${p.start}px)`, height: p.height, gridTemplateColumns: p.gridTemplateColumns }}
        onClick={() => p.onSelect(p.index, p.row?.id)}
        onDoubleClick={() => p.onOpen(p.index, p.row?.id)}
        onAnimationEnd={() => p.row && p.onAnimationEnd(p.row.id)}
      >
        {p.tableRow ? (
          p.tableRow.getVisibleCells().map((cell) => (
            <div role="gridcell" key={cell.id} className={`cell cell--${cell.column.id}`}>
              {flexRender(cell.column.columnDef.cell, cell.getContext())}
            </div>
          ))
        ) : (
          <div role="gridcell" className="cell cell--loading">
            {p.loadingLabel}
          </div>
        )}
      </div>
    );
  },
  (a, b) =>
    a.row === b.row &&
    (a.tableRow === undefined) === (b.tableRow === undefined) &&
    a.index === b.index &&
    a.start === b.start &&
    a.height === b.height &&
    a.selected === b.selected &&
    a.changed === b.changed &&
    a.gridTemplateColumns === b.gridTemplateColumns &&
    a.columnModel === b.columnModel &&
    a.loadingLabel === b.loadingLabel &&
    a.onSelect === b.onSelect &&
    a.onOpen === b.onOpen &&
    a.onAnimationEnd === b.onAnimationEnd,
);
