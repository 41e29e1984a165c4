import { useEffect, useState } from 'react';
import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import type { UserRecord } from '../../src-shared/sync/records';

// One request per API object: the staff list changes rarely and every detail pane and board needs it.
const cache = new WeakMap<SupportDeskApi, Promise<readonly UserRecord[]>>();

function loadAssignable(api: SupportDeskApi): Promise<readonly UserRecord[]> {
  let p = cache.get(api);
  if (!p) {
    p = api.calls['users.assignable']({}).then(
      (r) => (r.ok ? r.value : []),
      () => [],
    );
    cache.set(api, p);
    // A failed load (offline before the first sync) must not stick: try again next time.
    void p.then((users) => {
      if (users.length === 0) cache.delete(api);
    });
  }
  return p;
}

/** Staff who can be assigned (also the authors of most comments), by id. */
export function useAssignableUsers(api: SupportDeskApi): readonly UserRecord[] {
  const [users, setUsers] = useState<readonly UserRecord[]>([]);
  useEffect(() => {
    let live = true;
    void loadAssignable(api).then((u) => live && setUsers(u));
    return () => {
      live = false;
    };
  }, [api]);
  return users;
}
