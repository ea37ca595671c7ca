export function layerOf(relative: string): string;
export function layerGraph(root: string): Map<string, Map<string, string>>;
export function layerCycles(root: string): string[][];
