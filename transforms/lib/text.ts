// Text edits at exact source offsets. The transforms locate nodes with jscodeshift but write their
// changes as edits to the original text, so everything outside the findings keeps its bytes: blank
// lines, comments, quotes, CRLF line endings (recast reprints neighbouring statements and loses them).

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export class TextEdits {
  private readonly edits: Edit[] = [];

  constructor(readonly source: string) {}

  get size(): number {
    return this.edits.length;
  }

  /** Ranges removed or replaced so far (to tell which references survive the rewrite). */
  get removedRanges(): Array<[number, number]> {
    return this.edits.filter((e) => e.end > e.start).map((e) => [e.start, e.end]);
  }

  replace(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }

  insert(at: number, text: string): void {
    this.edits.push({ start: at, end: at, text });
  }

  /**
   * Remove a whole statement: its line goes when nothing else is on it, and a blank line it leaves
   * doubled goes too. A comment on the same line, or on the lines above, stays.
   * Before: `a;\n\nconst prisma = x;\n\nb;` → After: `a;\n\nb;`
   */
  removeStatement(start: number, end: number, options: { keepBlankLine?: boolean } = {}): void {
    const src = this.source;
    let s = start;
    while (s > 0 && (src[s - 1] === ' ' || src[s - 1] === '\t')) s--;
    const lineStart = s === 0 || src[s - 1] === '\n';
    let e = end;
    while (e < src.length && (src[e] === ' ' || src[e] === '\t')) e++;
    const lineEnd = e >= src.length || src[e] === '\n' || src.startsWith('\r\n', e);
    if (lineStart && lineEnd) {
      if (src.startsWith('\r\n', e)) e += 2;
      else if (src[e] === '\n') e += 1;
      // The statement sat between two blank lines (or a blank line and the end): drop one of them.
      const blankBefore = s === 0 || /\n[ \t]*\r?\n$/.test(src.slice(Math.max(0, s - 4), s)) || /^\r?\n?$/.test(src.slice(0, s));
      const blankAfter = /^[ \t]*\r?\n/.test(src.slice(e));
      if (blankBefore && blankAfter && !options.keepBlankLine) e = e + (src.slice(e).match(/^[ \t]*\r?\n/)?.[0].length ?? 0);
      this.replace(s, e, '');
    } else if (lineStart) {
      // A trailing comment stays, moved to where the statement started.
      this.replace(start, e, '');
    } else {
      this.replace(start, end, '');
    }
  }

  apply(): string {
    const sorted = [...this.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let out = '';
    let cursor = 0;
    for (const edit of sorted) {
      if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
      out += this.source.slice(cursor, edit.start) + edit.text;
      cursor = edit.end;
    }
    return out + this.source.slice(cursor);
  }
}

/** Is [start, end) inside one of the ranges? */
export function insideAny(start: number, end: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  return ranges.some(([s, e]) => s <= start && end <= e);
}

/** The indentation of the line that holds `offset`. */
export function indentAt(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}

/**
 * Run a rewrite on LF text and give the result back in the file's line endings. recast (under
 * jscodeshift) normalises CRLF to LF before parsing, so node offsets only match LF text; ranges
 * reported back are mapped to offsets in the original text.
 */
export function withLf<F extends { path: string; source: string }, R extends { output: string | undefined; rewritten: Array<{ range: [number, number] }>; unsafe: Array<{ range: [number, number] }> }, J, C extends { only?: [number, number] }>(
  rewrite: (file: F, j: J, context: C) => R,
): (file: F, j: J, context: C) => R {
  return (file, j, context) => {
    const crlfCount = file.source.split('\r\n').length - 1;
    if (crlfCount === 0 || crlfCount !== file.source.split('\n').length - 1) return rewrite(file, j, context);
    const lf = file.source.replace(/\r\n/g, '\n');
    // The one site to rewrite, given in the original text: one `\r` fewer per line break before it.
    const toLf = (offset: number) => offset - (file.source.slice(0, offset).split('\n').length - 1);
    const only = context.only;
    const result = rewrite({ ...file, source: lf }, j, only ? { ...context, only: [toLf(only[0]), toLf(only[1])] } : context);
    // Offset in LF text → offset in CRLF text: add one per line break before it.
    const breaks: number[] = [];
    for (let i = lf.indexOf('\n'); i !== -1; i = lf.indexOf('\n', i + 1)) breaks.push(i);
    const map = (offset: number) => {
      let lo = 0;
      let hi = breaks.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (breaks[mid]! < offset) lo = mid + 1;
        else hi = mid;
      }
      return offset + lo;
    };
    const remap = <T extends { range: [number, number] }>(item: T): T => ({ ...item, range: [map(item.range[0]), map(item.range[1])] });
    return {
      ...result,
      output: result.output === undefined ? undefined : result.output.replace(/\r?\n/g, '\r\n'),
      rewritten: result.rewritten.map(remap),
      unsafe: result.unsafe.map(remap),
    };
  };
}
