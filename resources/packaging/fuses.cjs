/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks as CommonJS */
// Electron fuses flipped in the packaged binary (electron-builder afterPack → @electron/fuses).
// Kept as plain data so test/shell/packaging.test.ts can assert every setting.
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** @type {import('@electron/fuses').FuseConfig} */
const FUSE_CONFIG = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general Node interpreter.
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS / NODE_EXTRA_CA_CERTS from the environment could inject code or trust.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect / --inspect-brk would open a debugger into the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app.asar is checked against the hash embedded at packaging time …
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // … and only the app.asar is loaded (no loose app folder next to it).
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  resetAdHocDarwinSignature: true,
};

module.exports = { FUSE_CONFIG };
