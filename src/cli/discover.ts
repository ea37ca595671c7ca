// File discovery lives in src/project/discover.ts (the ESLint plugin discovers too); kept for imports.
export { discoverFiles, discoverFilesSync, exemptMatcher, EXTENSIONS, NEVER_READ, type Discovered } from '../project/discover.js';
