declare module 'virtual:verbatim/config' {
  import type { ModelConfig } from './lib/model-config.ts';
  /** The site's embedding model, as configured in astro.config.mjs and resolved with its defaults. */
  export const model: ModelConfig;
}

declare module 'verbatim:ort-wasm?url' {
  /** Site URL of the onnxruntime-web binary that the bundled Transformers.js loads (see the integration). */
  const url: string;
  export default url;
}
