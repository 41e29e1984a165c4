import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import type { Desk, DeskStore } from './desk-store';

export const DeskContext = createContext<DeskStore | null>(null);
export const ApiContext = createContext<SupportDeskApi | null>(null);

export function useDeskStore(): DeskStore {
  const store = useContext(DeskContext);
  if (!store) throw new Error('useDesk outside <DeskContext.Provider>');
  return store;
}

/** Reads one slice of the desk state; pick primitives or stable references (zustand 5 compares with Object.is). */
export function useDesk<T>(selector: (s: Desk) => T): T {
  return useStore(useDeskStore(), selector);
}

/** The contract API, for components (like the ticket detail) that call the core directly. */
export function useApi(): SupportDeskApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}
