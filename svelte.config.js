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
    // The pages' Content-Security-Policy. SvelteKit sends it as a header on every page it renders, with
    // a fresh nonce for its inline bootstrap script (mode auto); every other answer of the port keeps the
    // stricter policy of signaling/src/http/securityHeaders.ts, whose other headers (nosniff,
    // X-Frame-Options, Referrer-Policy, Cache-Control) pages get too. Nothing from another origin.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        // The bootstrap (nonce) and the app's modules, pdfjs and Chart.js included; no eval.
        'script-src': ['self'],
        // The pdfjs worker, loaded from the app's own assets.
        'worker-src': ['self'],
        // fetch to /api and the signaling WebSocket of the same origin ('self' covers ws:/wss: there).
        // Camera pictures reach <video> as MediaStreams (srcObject), which no fetch directive governs.
        'connect-src': ['self'],
        // Captures and QR codes come from the server or are inline SVG; data: is the favicon of app.html.
        'img-src': ['self', 'data:'],
        'media-src': ['self'],
        'font-src': ['self'],
        // Stylesheets from the app's assets only (a <style> element would need SvelteKit's nonce) ...
        'style-src': ['self'],
        // ... but style attributes inline: Svelte renders `style:` directives and `style={...}` (the tree
        // indents, the chart's height, the capture viewer's zoom and turn) as style attributes on the
        // server, and when hydrating leaves an attribute that already has its value as it is, so a
        // blocked one would never apply. Attributes cannot carry a nonce, and their values are computed,
        // so no hash fits them. An attribute styles only its own element; with no selectors and
        // images from this origin only, it cannot read or send anything.
        'style-src-attr': ['unsafe-inline'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-src': ['none'],
        'frame-ancestors': ['none'],
      },
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
