/* global require, exports, console */
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks as CommonJS */
// electron-builder afterPack hook: flips the Electron fuses in the packaged executable before it is
// wrapped into AppImage/deb/NSIS (and before signing), see resources/packaging/fuses.cjs.
const path = require('node:path');
const { flipFuses } = require('@electron/fuses');
const { FUSE_CONFIG } = require('./fuses.cjs');

exports.default = async function afterPack(context) {
  const { appOutDir, packager, electronPlatformName } = context;
  const name = packager.appInfo.productFilename;
  const executable =
    electronPlatformName === 'darwin'
      ? path.join(appOutDir, `${name}.app`)
      : electronPlatformName === 'win32'
        ? path.join(appOutDir, `${name}.exe`)
        : path.join(appOutDir, packager.executableName ?? name);
  await flipFuses(executable, FUSE_CONFIG);
  console.log(`[after-pack] fuses set on ${executable}`);
};
