import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal panel: focus moves into it on open and returns to where it was on close. Escape is handled by the
 * shortcut registry (general.close), so every dialog closes the same way.
 */
export function Dialog({ label, className, children, role = 'dialog' }: { readonly label: string; readonly className?: string; readonly children: ReactNode; readonly role?: 'dialog' | 'alertdialog' }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const target = ref.current?.querySelector<HTMLElement>('[data-autofocus], input, select, textarea, button:not([disabled])');
    target?.focus();
    return () => before?.focus();
  }, []);
  return (
    <div className="backdrop">
      <div ref={ref} role={role} aria-modal="true" aria-label={label} className={`dialog ${className ?? ''}`}>
        {children}
      </div>
    </div>
  );
}
