// Just enough of @prisma/client and express for the app to type-check without installing them.
declare module '@prisma/client' {
  interface Delegate {
    findMany(): Promise<unknown[]>;
  }
  export class PrismaClient {
    constructor(options?: { log?: string[] });
    user: Delegate;
    post: Delegate;
    $queryRaw(strings: TemplateStringsArray, ...values: unknown[]): Promise<unknown>;
    $disconnect(): Promise<void>;
  }
}

declare module 'express' {
  interface Response {
    json(body: unknown): void;
  }
  type Handler = (req: unknown, res: Response) => unknown;
  export interface RouterLike {
    get(path: string, handler: Handler): void;
  }
  export function Router(): RouterLike;
  interface App {
    use(path: string, router: RouterLike): void;
    listen(port: number): void;
  }
  export default function express(): App;
}
