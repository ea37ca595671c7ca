// Output formats: the implementations live in ./formats/ (one file per format); this keeps the old import path.
export { FORMATS, formatResults, parseFormat, reportRoot, type Format, type FormatOptions } from './formats/index.js';
