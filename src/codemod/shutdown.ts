// How the codemod closes a client on shutdown: each driver's own close method, in one SIGINT /
// SIGTERM hook that exits afterwards (a process with a SIGTERM listener no longer exits by itself).
// Used by the generated singleton module and by the require-shutdown-hook transform.

/** `name`'s awaitable close call for a client of this family, or undefined when unknown. */
export function closeCall(client: { family: string; client: string }, name: string): string | undefined {
  if (client.family === 'prisma' && client.client === 'PrismaClient') return `${name}.$disconnect()`;
  if (client.client === 'postgres()') return `${name}.end({ timeout: 5 })`;
  if (client.client === 'drizzle()') return `${name}.$client.end()`;
  if (client.family === 'pg' || client.family === 'mysql2') return `${name}.end()`;
  if (client.family === 'knex' || client.family === 'typeorm') return `${name}.destroy()`;
  if (client.family === 'sequelize' || client.family === 'mongodb') return `${name}.close()`;
  if (client.family === 'ioredis' || client.family === 'redis') return `${name}.quit()`;
  return undefined;
}

/** The hook's lines: await every close, then exit. */
export function signalHookLines(closes: readonly string[], typescript: boolean): string[] {
  return [
    `for (const signal of ['SIGINT', 'SIGTERM']${typescript ? ' as const' : ''}) {`,
    '  process.once(signal, async () => {',
    ...closes.map((c) => `    await ${c};`),
    '    process.exit(0);',
    '  });',
    '}',
  ];
}
