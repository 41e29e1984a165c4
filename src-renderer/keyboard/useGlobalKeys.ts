import { useEffect, useRef } from 'react';
import { actionRegistry, matchSequence, runAction } from './action-registry';
import { keyOf } from './shortcuts';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(type);
}

function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === 'BUTTON' || target.tagName === 'A' || target.getAttribute('role') === 'option');
}

/**
 * One keydown listener for the whole UI, driven by the registry. While the agent types in a field only
 * mod+k and Escape are shortcuts; Enter/Space on a focused button stay the button's; one of our modal dialogs
 * gets only Escape and mod+k so its own keys work; someone else's modal (aria-modal) gets every key.
 */
export function useGlobalKeys(modalOpen: () => boolean): void {
  const typed = useRef<string[]>([]);
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      const key = keyOf(e);
      if (key === null || e.defaultPrevented) return;
      // A modal opened by another part of the UI (e.g. a dialog of the ticket detail) owns the keyboard,
      // Escape included: closing it is its business, not the queue's.
      if (!modalOpen() && document.querySelector('[aria-modal="true"]')) return;
      const alwaysOn = key === 'mod+k' || key === 'Escape';
      if (!alwaysOn) {
        if (isEditable(e.target) || modalOpen()) {
          typed.current = [];
          return;
        }
        if ((key === 'Enter' || key === ' ') && isActivatable(e.target)) return;
      }
      if (key === 'Escape' && isEditable(e.target) && !modalOpen()) {
        (e.target as HTMLElement).blur();
      }
      const attempt = alwaysOn ? [key] : [...typed.current, key];
      let match = matchSequence(attempt, actionRegistry.getState().definitions);
      if (match.kind === 'none' && typed.current.length > 0) {
        // An unfinished "g" followed by an unrelated key: start over with this key alone.
        typed.current = [];
        match = matchSequence([key], actionRegistry.getState().definitions);
      }
      if (match.kind === 'prefix') {
        typed.current = attempt;
        e.preventDefault();
        return;
      }
      typed.current = [];
      if (match.kind === 'run' && runAction(match.id)) e.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [modalOpen]);
}
