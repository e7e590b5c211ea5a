import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Health } from '../../shared/api';
import { api, queryKeys } from '../api';
import { useUiStore } from '../ui/ui-store';

export type HealthState =
  | { kind: 'unknown' }
  | { kind: 'ok'; health: Health }
  | { kind: 'ollama-down'; health: Health; retryInMs: number }
  | { kind: 'server-down'; retryInMs: number };

const UP_INTERVAL_MS = 30_000;

const MAX_BACKOFF_MS = 15_000;
const OLLAMA_DOWN_MAX_MS = 4_000;

/** Next delay while something is down: 1 s, 2 s, 4 s, 8 s, then every 15 s. */
export function backoffDelay(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1));
}

/**
 * Polls /api/health: every 30 s while Ollama is reachable, with back-off while it is not,
 * and at once when the window regains focus or the network comes back.
 */
export function useHealth(): { state: HealthState; checkNow: () => void } {
  const queryClient = useQueryClient();
  const [state, setState] = useState<HealthState>({ kind: 'unknown' });
  const checkRef = useRef<() => void>(() => {});

  useEffect(() => {
    let timer: number | undefined;
    let failures = 0;
    let wasReachable: boolean | null = null;
    let stopped = false;
    let inFlight = false;
    // A check asked for while one runs (the server pushed a change) runs after it: the one running may predate the change.
    let again = false;

    const schedule = (ms: number) => {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, ms);
    };

    async function check() {
      if (stopped) return;
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        const health = await api.health();
        queryClient.setQueryData(queryKeys.health, health);
        if (health.ollama.reachable) {
          failures = 0;
          setState({ kind: 'ok', health });
          if (wasReachable === false) {
            // Ollama is back: what failed because of it is worth fetching again.
            void queryClient.invalidateQueries({ queryKey: queryKeys.models });
            void queryClient.invalidateQueries({ queryKey: ['model'] });
          }
          wasReachable = true;
          schedule(UP_INTERVAL_MS);
        } else {
          failures += 1;
          // The server probes Ollama every second while it is down and pushes its return; this poll
          // only covers a lost event stream, so it may back off, but not for long.
          const delay = Math.min(OLLAMA_DOWN_MAX_MS, backoffDelay(failures));
          setState({ kind: 'ollama-down', health, retryInMs: delay });
          wasReachable = false;
          schedule(delay);
        }
      } catch {
        failures += 1;
        const delay = backoffDelay(failures);
        setState({ kind: 'server-down', retryInMs: delay });
        wasReachable = false;
        schedule(delay);
      } finally {
        inFlight = false;
        if (again) {
          again = false;
          checkRef.current();
        }
      }
    }

    checkRef.current = () => {
      window.clearTimeout(timer);
      void check();
    };
    // Something looking broken elsewhere (an event stream dropped) asks for a check now, not in 30 s.
    useUiStore.getState().setHealthCheck(checkRef.current);
    const onWake = () => {
      if (wasReachable !== true) checkRef.current();
    };
    window.addEventListener('focus', onWake);
    window.addEventListener('online', onWake);
    void check();
    return () => {
      useUiStore.getState().setHealthCheck(null);
      stopped = true;
      window.clearTimeout(timer);
      window.removeEventListener('focus', onWake);
      window.removeEventListener('online', onWake);
    };
  }, [queryClient]);

  return { state, checkNow: () => checkRef.current() };
}
