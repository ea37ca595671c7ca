// Writes the consumer project's package.json and package-lock.json, so that `npm ci --offline` can
// install it from the npm cache that the repository's own `npm ci` filled, without asking the
// registry anything.
//
//   node test/consumer/lockfile.mjs <repo root> <consumer dir> <tarball file name in consumer dir> <registry URL>
//
// The consumer depends on the packed tarball and on eslint, typescript (the plugin's peers),
// typescript-eslint and jscodeshift at the versions this repository locks. Its lockfile is the part of ours those dependencies reach (same
// versions, same integrity hashes, same node_modules layout), plus an entry for the tarball. A plain
// `npm install --offline eslint@x ...` would need the registry's package metadata (packuments), which
// `npm ci` may not have cached: it installs straight from the lockfile's tarballs. Each entry gets its
// tarball URL (`resolved`), which a lockfile written with `omit-lockfile-registry-resolved` lacks,
// so that npm needs no package metadata to find it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [root, consumer, tarballName, registryArg] = process.argv.slice(2);
if (!root || !consumer || !tarballName || !registryArg) {
  console.error('usage: node lockfile.mjs <repo root> <consumer dir> <tarball file name> <registry URL>');
  process.exit(2);
}
const registry = registryArg.endsWith('/') ? registryArg : `${registryArg}/`;

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const ourPkg = readJson(path.join(root, 'package.json'));
const ourLock = readJson(path.join(root, 'package-lock.json'));
if (ourLock.lockfileVersion !== 3) throw new Error(`expected package-lock.json v3, found v${ourLock.lockfileVersion}`);
const locked = ourLock.packages;

/** The package.json inside the tarball (package/package.json), read without a tar library. */
function packedManifest(tarball) {
  const tar = zlib.gunzipSync(fs.readFileSync(tarball));
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const name = tar.toString('utf8', offset, offset + 100).replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(tar.toString('utf8', offset + 124, offset + 136).replace(/\0.*$/s, '').trim() || '0', 8);
    if (name === 'package/package.json') return JSON.parse(tar.toString('utf8', offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${tarball} has no package/package.json`);
}

const tarballPath = path.join(consumer, tarballName);
const manifest = packedManifest(tarballPath);
const integrity = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(tarballPath)).digest('base64')}`;

const lockedVersion = (name) => {
  const entry = locked[`node_modules/${name}`];
  if (!entry) throw new Error(`${name} is not in package-lock.json: run npm install first`);
  return entry.version;
};

// eslint, typescript and typescript-eslint at our devDependencies' exact versions; jscodeshift as we lock it.
const dependencies = {
  'eslint-plugin-poolguard': `file:${tarballName}`,
  eslint: ourPkg.devDependencies.eslint,
  typescript: ourPkg.devDependencies.typescript,
  'typescript-eslint': ourPkg.devDependencies['typescript-eslint'],
  jscodeshift: lockedVersion('jscodeshift'),
};
for (const name of ['eslint', 'typescript', 'typescript-eslint']) {
  if (dependencies[name] !== lockedVersion(name)) throw new Error(`devDependencies.${name} (${dependencies[name]}) is not the locked version (${lockedVersion(name)}): pin it exactly`);
}

/** Where Node would find `name` from the package installed at `from` (a lockfile key). */
function resolve(from, name) {
  for (let dir = from; ; ) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (locked[key] && !locked[key].link) return key;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

const packages = {};
const queue = [];
const visit = (from, deps, optional) => {
  for (const name of Object.keys(deps ?? {})) {
    const key = resolve(from, name);
    if (!key) {
      if (optional.has(name)) continue;
      throw new Error(`${from || 'the consumer'} needs ${name}, which package-lock.json does not have`);
    }
    if (packages[key]) continue;
    // npm recomputes dev/optional/peer flags for this tree.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, optional: _optional, ...entry } = locked[key];
    const packageName = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    entry.resolved ??= `${registry}${packageName}/-/${packageName.slice(packageName.lastIndexOf('/') + 1)}-${entry.version}.tgz`;
    packages[key] = entry;
    queue.push(key);
  }
};

const TARBALL_KEY = 'node_modules/eslint-plugin-poolguard';
const tarballEntry = {
  version: manifest.version,
  resolved: `file:${tarballName}`,
  integrity,
  license: manifest.license,
  dependencies: manifest.dependencies,
  bin: manifest.bin,
  engines: manifest.engines,
  peerDependencies: manifest.peerDependencies,
};
packages[TARBALL_KEY] = tarballEntry;

const { 'eslint-plugin-poolguard': _self, ...registryDeps } = dependencies;
visit('', registryDeps, new Set());
visit(TARBALL_KEY, { ...manifest.dependencies, ...manifest.peerDependencies }, new Set());
while (queue.length > 0) {
  const key = queue.shift();
  const entry = packages[key];
  const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name));
  const optional = new Set([...Object.keys(entry.optionalDependencies ?? {}), ...optionalPeers]);
  const peers = Object.fromEntries(Object.entries(entry.peerDependencies ?? {}).filter(([name]) => !optionalPeers.has(name)));
  visit(key, { ...entry.dependencies, ...entry.optionalDependencies, ...peers }, optional);
}

const pkg = { name: 'poolguard-consumer', version: '1.0.0', private: true, type: 'module', dependencies };
const lock = {
  name: pkg.name,
  version: pkg.version,
  lockfileVersion: 3,
  requires: true,
  packages: { '': { name: pkg.name, version: pkg.version, dependencies }, ...Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b))) },
};
fs.writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
fs.writeFileSync(path.join(consumer, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
console.log(`consumer lockfile: ${Object.keys(packages).length} packages from package-lock.json and the tarball`);
