/// <reference types="vite/client" />
// import.meta.glob (used by the i18n test to read the renderer sources without Node APIs).
