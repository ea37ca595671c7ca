export interface Produced {
  picture: string;
  samples: Record<string, string>;
  numbers: Record<string, string>;
}
export interface Rendered {
  file: string;
  text: string;
  next: string;
}
export const ROOT: string;
export function excerptCheck(stdout: string, root: string): string;
export function excerptFix(stdout: string): { diff: string; summary: string };
export function pictureLines(stylish: string, fix: { diff: string; summary: string }, root: string): string[];
export function terminalSvg(lines: string[]): string;
export function excerptBudget(stdout: string): string;
export function produce(root?: string): Promise<Produced>;
export function markedFiles(root?: string): string[];
export function render(text: string, produced: Produced, used?: Set<string>, file?: string): string;
export function renderAll(produced: Produced, root?: string): Rendered[];
