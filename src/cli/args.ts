// parseArgs for the commands, with two conventions of ESLint and Biome: `-f=json` means `-f json`,
// and an unknown option names the closest known one (`--fromat` → did you mean "--format"?).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../core/suggest.js';

type Options = NonNullable<ParseArgsConfig['options']>;

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;

export function parseCommandArgs<O extends Options>(args: string[], options: O): Parsed<O> {
  const shortWithValue = new Set(Object.values(options).filter((o) => o.type === 'string' && o.short).map((o) => o.short));
  // node:util reads `-f=json` as the value "=json"; `--format=json` it already splits.
  const normalised = args.flatMap((arg) => {
    const short = /^-([A-Za-z])=(.*)$/s.exec(arg);
    return short && shortWithValue.has(short[1]) ? [`-${short[1]}`, short[2]!] : [arg];
  });
  try {
    return parseArgs({ args: normalised, allowPositionals: true, strict: true, options });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const given = /'([^']+)'/.exec((error as Error).message)?.[1];
      const name = given?.replace(/^--?/, '').replace(/=.*$/s, '');
      const match = name && name.length > 1 ? closest(name, Object.keys(options)) : undefined;
      if (match) Object.assign(error as object, { suggestion: `--${match}` });
    }
    throw error;
  }
}
