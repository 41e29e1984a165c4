import type { z } from 'zod';
import {
  CALLS,
  isCallName,
  parseCallRequest,
  type CallName,
  type CallResponse,
  type ContractError,
  type Result,
} from '../../src-shared/ipc/contract';
import { isDomainError } from '../../src-shared/errors';

/** One async handler per contract call; requests arrive already validated. */
export type ContractHandlers = {
  readonly [N in CallName]: (request: z.infer<(typeof CALLS)[N]['request']>) => Promise<CallResponse<N>>;
};

export type Dispatch = (name: unknown, request: unknown) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  /** Also validate what handlers return (tests and development: catches a core that drifts from the contract). */
  readonly validateResponses?: boolean;
  readonly onInternalError?: (name: CallName, error: unknown) => void;
}

/**
 * The single entry point both wirings (Electron IPC, web-mode WebSocket) use: checks the call name against
 * the contract, validates the request, runs the handler, and turns every failure into a Result with a
 * stable code. Internal errors never leak their message or stack to the renderer.
 */
export function createDispatcher(handlers: ContractHandlers, options: DispatcherOptions = {}): Dispatch {
  return async (name, request) => {
    if (!isCallName(name)) {
      return fail({ code: 'NOT_FOUND', message: `unknown call ${typeof name === 'string' ? JSON.stringify(name.slice(0, 64)) : typeof name}` });
    }
    const parsed = parseCallRequest(name, request);
    if (!parsed.ok) return parsed;
    try {
      const handler = handlers[name] as (req: unknown) => Promise<unknown>;
      const value = await handler(parsed.value);
      if (options.validateResponses) {
        const check = CALLS[name].response.safeParse(value);
        if (!check.success) throw new Error(`${name} returned a value outside the contract: ${check.error.message}`);
      }
      return { ok: true, value };
    } catch (error) {
      if (isDomainError(error)) return fail({ code: error.code, message: error.message });
      options.onInternalError?.(name, error);
      return fail({ code: 'INTERNAL', message: `${name} failed; see the log` });
    }
  };
}

function fail(error: ContractError): Result<never> {
  return { ok: false, error };
}
