declare module 'virtual:verbatim/config' {
  import type { ModelConfig } from './lib/model-config.ts';
  /** The site's embedding model, as configured in astro.config.mjs and resolved with its defaults. */
  export const model: ModelConfig;
}
