// Preload: exposes exactly the typed contract of src-shared/ipc through contextBridge (named functions
// only, never a generic invoke/send). The contract is wired here once it exists.
export {};
