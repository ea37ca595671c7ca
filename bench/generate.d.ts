export const DISTRIBUTION: Record<string, number>;
export function generate(dir: string, options?: { packages?: number; filesPerPackage?: number; seed?: number }): { files: number; expected: Record<string, number> };
