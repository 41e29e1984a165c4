import { useEffect } from 'react';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { BUILT_IN_SHORTCUTS, isForbiddenSequence, sequencesOf, type ShortcutDef } from './shortcuts';

/**
 * Runtime half of the shortcut registry: which shortcut ids currently have a handler. The queue registers
 * navigation/transition handlers; the ticket detail registers `ticket.reply` / `ticket.note` (open its composer)
 * and may define further shortcuts with `defineShortcut`. A shortcut without a handler shows as unavailable.
 *
 * Usage from another component:
 *   useRegisterAction('ticket.reply', () => openComposer('reply'));
 */
export type ActionHandler = () => void;

interface RegistryState {
  readonly definitions: readonly ShortcutDef[];
  readonly handlers: Readonly<Record<string, ActionHandler>>;
}

export const actionRegistry = createStore<RegistryState>(() => ({ definitions: BUILT_IN_SHORTCUTS, handlers: {} }));

/** Registers a handler; the returned function removes exactly this registration. */
export function registerAction(id: string, handler: ActionHandler): () => void {
  actionRegistry.setState((s) => ({ handlers: { ...s.handlers, [id]: handler } }));
  return () => {
    actionRegistry.setState((s) => {
      if (s.handlers[id] !== handler) return s;
      const rest = { ...s.handlers };
      delete rest[id];
      return { handlers: rest };
    });
  };
}

/** Adds a shortcut definition; refuses OS/browser chords and keys already taken, so clashes fail loudly. */
export function defineShortcut(def: ShortcutDef): void {
  const { definitions } = actionRegistry.getState();
  if (definitions.some((d) => d.id === def.id)) return;
  for (const seq of sequencesOf(def)) {
    if (isForbiddenSequence(seq)) throw new Error(`shortcut ${def.id}: ${seq} belongs to the OS or browser`);
    const clash = definitions.find((d) => sequencesOf(d).some((s) => s === seq || s.startsWith(`${seq} `) || seq.startsWith(`${s} `)));
    if (clash) throw new Error(`shortcut ${def.id}: ${seq} clashes with ${clash.id}`);
  }
  actionRegistry.setState((s) => ({ definitions: [...s.definitions, def] }));
}

export function runAction(id: string): boolean {
  const handler = actionRegistry.getState().handlers[id];
  if (!handler) return false;
  handler();
  return true;
}

/** Registers `handler` while the calling component is mounted (latest handler wins without re-registering churn). */
export function useRegisterAction(id: string, handler: ActionHandler | null): void {
  useEffect(() => (handler ? registerAction(id, handler) : undefined), [id, handler]);
}

export function useShortcutDefinitions(): readonly ShortcutDef[] {
  return useStore(actionRegistry, (s) => s.definitions);
}

export function useActionHandlers(): Readonly<Record<string, ActionHandler>> {
  return useStore(actionRegistry, (s) => s.handlers);
}

export type SequenceMatch = { kind: 'run'; id: string } | { kind: 'prefix' } | { kind: 'none' };

/** Matches the keys typed so far against the definitions. */
export function matchSequence(typed: readonly string[], definitions: readonly ShortcutDef[]): SequenceMatch {
  const seq = typed.join(' ');
  let prefix = false;
  for (const d of definitions) {
    for (const s of sequencesOf(d)) {
      if (s === seq) return { kind: 'run', id: d.id };
      if (s.startsWith(`${seq} `)) prefix = true;
    }
  }
  return prefix ? { kind: 'prefix' } : { kind: 'none' };
}
