declare module 'virtual:verbatim/config' {
  import type { ModelConfig } from './lib/model-config.ts';
  /** The site's embedding model, as configured in astro.config.mjs and resolved with its defaults. */
  export const model: ModelConfig;
}

declare module 'verbatim:ort-glue?url' {
  /** Site URL of that binary's JS glue, which the CPU-only onnxruntime-web imports at run time. */
  const url: string;
  export default url;
}

declare module 'verbatim:ort-wasm?url' {
  /** Site URL of the onnxruntime-web binary that the bundled Transformers.js loads (see the integration). */
  const url: string;
  export default url;
}
