/**
 * The architecture as rules (README "Architecture"): dependencies point down,
 *   http, cli, web, convex -> core (the Pushgate facade) -> engine, store, expo -> domain
 * with util/ (logging, masking) a leaf beside domain, and client/ (pushgate/client, the typed HTTP
 * client) standing alone like fake-expo/. Nothing reaches around the facade into the
 * store, nothing outside store/ touches a store's internals, and there are no cycles.
 * Run by `npm run check:deps` (part of `npm test`).
 */
const layer = (name) => `^src/${name}/`;
const outside = (...allowed) => `^src/(?!(${allowed.join('|')})/)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Modules import each other in a circle.', from: {}, to: { circular: true } },
    {
      name: 'domain-imports-nothing-of-ours',
      severity: 'error',
      comment: 'domain/ is the bottom layer: ids, states, records, message type, errors, pure rules.',
      from: { path: layer('domain') },
      to: { path: outside('domain') },
    },
    {
      name: 'util-is-a-leaf',
      severity: 'error',
      from: { path: layer('util') },
      to: { path: outside('util') },
    },
    {
      name: 'fake-expo-stands-alone',
      severity: 'error',
      comment: 'The fake Expo is a test double of an outside service: it shares no code with Pushgate.',
      from: { path: layer('fake-expo') },
      to: { path: outside('fake-expo') },
    },
    {
      name: 'client-stands-alone',
      severity: 'error',
      comment: 'pushgate/client is what a backend imports to call the REST API: nothing of the server (no fastify, no SQLite) may come with it.',
      from: { path: layer('client') },
      to: { path: outside('client') },
    },
    {
      name: 'store-imports-only-domain',
      severity: 'error',
      from: { path: layer('store') },
      to: { path: outside('store', 'domain', 'util') },
    },
    {
      name: 'expo-imports-only-domain',
      severity: 'error',
      from: { path: layer('expo') },
      to: { path: outside('expo', 'domain', 'util') },
    },
    {
      name: 'engine-does-not-import-up',
      severity: 'error',
      comment: 'The engine declares the config it needs; the facade (core/) maps the user options to it.',
      from: { path: layer('engine') },
      to: { path: outside('engine', 'store', 'expo', 'domain', 'util') },
    },
    {
      name: 'core-does-not-import-edges',
      severity: 'error',
      from: { path: layer('core') },
      to: { path: '^src/(http|cli|web|convex|client)/' },
    },
    {
      name: 'edges-go-through-the-facade',
      severity: 'error',
      comment: 'HTTP, CLI, dashboard and the Convex drop-in use the Pushgate facade (core/), never the store, engine or Expo transport.',
      from: { path: '^src/(http|cli|web|convex)/' },
      to: { path: '^src/(store|engine|expo)/' },
    },
    {
      name: 'store-internals-stay-inside',
      severity: 'error',
      comment: 'Outside store/, only the port (store/port.ts) and the opener (store/open.ts) are visible.',
      from: { path: '^src/', pathNot: layer('store') },
      to: { path: layer('store'), pathNot: '^src/store/(port|open)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
