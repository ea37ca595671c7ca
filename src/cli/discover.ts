// File discovery moved to src/project/discover.ts (the ESLint plugin discovers too); kept for imports.
export { discoverFiles, discoverFilesSync, EXTENSIONS, NEVER_READ, type Discovered } from '../project/discover.js';
