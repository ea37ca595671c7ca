// What the project model hands to the CLI, the codemod and `poolguard budget`, and what it is built
// from. Plain records, so each phase's output is typed and passed on explicitly.
import type { CreateSite, FileFacts } from '../../core/facts.js';
import type { TextHints } from '../../core/prefilter.js';
import type { PoolguardSettings } from '../../core/policy.js';

export interface WorkspacePackage {
  dir: string;
  name: string | undefined;
  /** The file a bare import of `name` loads, when it is among the checked files. */
  entry: string | undefined;
}

export type SingletonSource = 'configured' | 'convention' | 'inferred' | 'sole-creator' | 'factory-caller';

export interface SingletonModule {
  file: string;
  packageDir: string;
  source: SingletonSource;
  /** Modules (other than itself) that import it. */
  importers: number;
}

export interface FactoryInfo {
  name: string;
  file: string;
  kind: CreateSite['kind'];
  client: string;
  /** Modules that import it by name. */
  callers: string[];
}

export interface ProjectModel {
  root: string;
  packages: WorkspacePackage[];
  singletons: SingletonModule[];
  /** Packages where two or more modules each create, export and share a client. */
  competing: Array<{ packageDir: string; files: string[] }>;
  factories: FactoryInfo[];
  /** Modules that re-export a singleton's client. */
  reexports: string[];
  /**
   * The facts of every file that imports a client module under `settings`, by file (what `poolguard
   * budget` counts). Create sites are as `settings` see them (a call of a factory the model found is
   * one); other sites may have been extracted before the model's singletons were known.
   */
  facts: Map<string, FileFacts>;
  /** What the rules should run with. */
  settings: PoolguardSettings;
  /** The texts the model read, so the linter does not read them again (undefined: not read). */
  textOf(file: string): string | undefined;
  /** What the model read from the file for the linter's prefilter (its specifiers, …), when it read them. */
  hintsOf(file: string): TextHints | undefined;
}

export interface ModelInput {
  files: readonly string[];
  root: string;
  settings: PoolguardSettings;
  read?: (file: string) => string | undefined;
}
