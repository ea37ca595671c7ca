export function scaffold(id: string): Record<string, string>;
export function writeScaffold(root: string, id: string): string[];
