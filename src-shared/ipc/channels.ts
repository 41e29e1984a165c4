import type { CallName, EventName } from './contract';

/** IPC channel names, derived from the contract so the two wiring files can never disagree. */
export const CHANNEL_PREFIX = 'support-desk:';
export const callChannel = (name: CallName): string => `${CHANNEL_PREFIX}call:${name}`;
export const eventChannel = (name: EventName): string => `${CHANNEL_PREFIX}event:${name}`;
