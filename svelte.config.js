import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * One SvelteKit app whose sources live in apps/web/src; built from the repository root into build/,
 * whose handler.js the signaling server mounts for every request that is not /api or /ws.
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build', precompress: false }),
    files: {
      routes: 'apps/web/src/routes',
      lib: 'apps/web/src/lib',
      appTemplate: 'apps/web/src/app.html',
      errorTemplate: 'apps/web/src/error.html',
      hooks: {
        server: 'apps/web/src/hooks.server',
        client: 'apps/web/src/hooks.client',
        universal: 'apps/web/src/hooks',
      },
      assets: 'apps/web/static',
      params: 'apps/web/src/params',
    },
    alias: {
      $shared: 'signaling/src/protocol',
    },
    typescript: {
      // One type check for the whole repository: the web app, the server, the data layer, scripts, tests.
      config(tsconfig) {
        tsconfig.include.push(
          '../apps/web/src/*.ts',
          '../signaling/**/*.ts',
          '../db/**/*.ts',
          '../scripts/**/*.ts',
          '../*.ts',
        );
        return tsconfig;
      },
    },
  },
};

export default config;
