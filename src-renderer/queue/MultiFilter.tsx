import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import '../styles/multi-filter.css';

export interface MultiFilterOption<T extends string | number> {
  readonly value: T;
  readonly label: string;
}

interface MultiFilterProps<T extends string | number> {
  /** the field's name ("Status"): the button's prefix and the popup's accessible name */
  readonly label: string;
  /** the popup's "clear this field" button ("Any status") */
  readonly anyLabel: string;
  readonly options: readonly MultiFilterOption<T>[];
  readonly selected: readonly T[] | undefined;
  /** the new selection in option order, or undefined for "any" */
  readonly onChange: (values: T[] | undefined) => void;
}

/**
 * One filter field with several values (the contract's QueueFilter takes lists): a disclosure button that
 * says what is selected ("Status: any", "Status: NEW", "Status: 2 selected") and a popup of checkboxes.
 * A disclosure rather than a listbox/menu: the popup holds native checkboxes and a button, so Tab, Shift+Tab
 * and Space behave as everywhere else; the popup follows the button in the DOM, so Tab walks into it.
 * It closes on Escape (focus back to the button), a pointer press outside it, or focus moving elsewhere.
 */
export function MultiFilter<T extends string | number>({ label, anyLabel, options, selected, onChange }: MultiFilterProps<T>) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popupRef = useRef<HTMLDivElement>(null);
  const popupId = useId();
  const chosen = new Set<T>(selected ?? []);
  /** ArrowDown on the button opens and moves into the list; the popup is hidden until that commit. */
  const focusFirst = useRef(false);

  useEffect(() => {
    if (!open || !focusFirst.current) return;
    focusFirst.current = false;
    popupRef.current?.querySelector<HTMLElement>('button, input')?.focus();
  }, [open]);

  // A press outside closes the popup; focus stays wherever the press put it.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (e.target instanceof Node && !wrapRef.current?.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  const focusables = (): HTMLElement[] => Array.from(popupRef.current?.querySelectorAll<HTMLElement>('button, input') ?? []);

  const toggle = (value: T) => {
    const next = new Set(chosen);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    // Option order, not click order: the same selection always gives the same filter (and saved view).
    const values = options.map((o) => o.value).filter((v) => next.has(v));
    onChange(values.length > 0 ? values : undefined);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!open) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      // The queue's own Escape (close the detail pane) must not also run.
      e.stopPropagation();
      close(true);
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const items = focusables();
      const at = items.indexOf(document.activeElement as HTMLElement);
      const next = e.key === 'ArrowDown' ? (at < 0 ? 0 : Math.min(at + 1, items.length - 1)) : at <= 0 ? 0 : at - 1;
      e.preventDefault();
      items[next]?.focus();
      return;
    }
    // Single-key queue shortcuts (p, i, d, …) would act on the selected ticket while the agent picks filter
    // values; inside the open control only its own keys count. Ctrl/⌘ chords (the palette) still pass.
    if (!e.ctrlKey && !e.metaKey && !e.altKey && e.key !== 'Tab') e.stopPropagation();
  };

  const names = options.filter((o) => chosen.has(o.value)).map((o) => o.label);
  const summary = names.length === 0 ? t('filters.any') : names.length === 1 ? names[0]! : t('filters.selectedCount', { count: names.length });

  return (
    <div
      ref={wrapRef}
      className="multi-filter"
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        // Focus moved to another element outside the control (Tab past the last checkbox, a click on a field).
        // A null relatedTarget (window lost focus, press on a non-focusable spot) is left to the pointer rule.
        if (open && e.relatedTarget instanceof Node && !wrapRef.current?.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={names.length > 0 ? 'multi-filter-button is-active' : 'multi-filter-button'}
        aria-expanded={open}
        aria-controls={popupId}
        title={names.length > 1 ? names.join(', ') : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            e.stopPropagation();
            focusFirst.current = true;
            setOpen(true);
          }
        }}
      >
        {t('filters.summary', { field: label, value: summary })}
        <span className="multi-filter-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <div ref={popupRef} id={popupId} className="multi-filter-popup" role="group" aria-label={label} hidden={!open}>
        <button type="button" className="link-button multi-filter-any" onClick={() => onChange(undefined)}>
          {anyLabel}
        </button>
        <ul className="multi-filter-list">
          {options.map((o) => (
            <li key={String(o.value)}>
              <label className="check">
                <input type="checkbox" checked={chosen.has(o.value)} onChange={() => toggle(o.value)} />
                {o.label}
              </label>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
