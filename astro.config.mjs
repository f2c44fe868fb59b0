// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import verbatim, { PLACEHOLDER_SITE } from './src/integrations/verbatim.ts';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

// Where the site is served. `site` is the public origin (canonical URLs, sitemap, feed);
// `base` the path under it, such as '/kb/'. Both can be set from the environment at build time.
// Without one, the build warns that its URLs point at a placeholder domain.
const site = process.env.VERBATIM_SITE ?? PLACEHOLDER_SITE;
const base = process.env.VERBATIM_BASE ?? '/';
// A content folder other than ./content (VERBATIM_CONTENT, used by tests for fixture sites) gets a
// content-layer cache of its own, so its entries can never leak into the real site's build.
const content = process.env.VERBATIM_CONTENT;
const cacheDir = process.env.VERBATIM_CACHE_DIR
  ?? (content ? `./node_modules/.astro/content-${createHash('sha1').update(resolve(content)).digest('hex').slice(0, 12)}` : undefined);

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  ...(process.env.VERBATIM_OUT_DIR ? { outDir: process.env.VERBATIM_OUT_DIR } : {}),
  ...(cacheDir ? { cacheDir } : {}),
  vite: {
    build: {
      // Astro inlines module scripts smaller than this; an inline script breaks a strict CSP
      // (script-src 'self', public/_headers), so every script is a file of the site.
      assetsInlineLimit: 0,
      rollupOptions: {
        // Interview bodies are read as data (src/lib/mdx-turns.ts), never rendered, yet Astro still
        // bundles their MDX modules; the bundler's note about Astro's own directive in them is noise.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
  integrations: [
    mdx(),
    sitemap(),
    verbatim({
      // The embedding model that answers questions: {} is the embedded Universal Sentence Encoder
      // lite, converted from npm at install time; see README "The model". VERBATIM_MODEL (the same
      // object as JSON) overrides it for one build, as the tests do.
      model: process.env.VERBATIM_MODEL ? JSON.parse(process.env.VERBATIM_MODEL) : {},
    }),
  ],
});
