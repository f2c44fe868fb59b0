/**
 * What MDX itself makes of an interview body: compiled by the processor @astrojs/mdx uses by
 * default, then run, with a JSX runtime that keeps text, to give the text of each element. The site
 * reads bodies as data (src/lib/mdx-turns.ts) and never compiles them, so tests ask MDX here that
 * the files stay MDX that reads as the site reads them.
 */
import { satteri } from '@astrojs/markdown-satteri';

type Node = { type: unknown; props: { children?: unknown } };

const RUNTIME = {
  jsx: (type: unknown, props: Node['props']): Node => ({ type, props }),
  jsxs: (type: unknown, props: Node['props']): Node => ({ type, props }),
  Fragment: 'Fragment',
};

function textOf(node: unknown): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object' && 'props' in node) return textOf((node as Node).props.children);
  return '';
}

/** The elements of a compiled body's output, in order, each as its name and its text; fails as MDX fails on a body it cannot compile. */
export async function mdxElements(body: string): Promise<{ tag: string; text: string }[]> {
  // Its parsing alone: no typography (smartypants would curl straight quotes, which the site never shows changed).
  const renderer = await satteri({}).createMdxRenderer!({ smartypants: false, gfm: false }, { optimize: false, srcDir: new URL('../../src/', import.meta.url), sourcemap: false });
  const { code } = await renderer.process(body, 'body.mdx', {});
  // The runtime import becomes the text-keeping runtime above.
  const runnable = code.replace(/import \{([^}]*)\} from "astro\/jsx-runtime";/, (_, names: string) =>
    names
      .split(',')
      .map((name) => name.trim().split(/\s+as\s+/))
      .map(([from, to]) => `const ${to ?? from} = globalThis.__verbatimMdxRuntime.${from};`)
      .join('\n'),
  );
  // Astro's own step after the compiler exports the component; here it is exported as MDX names it.
  const exported = /export default /.test(runnable) ? runnable : `${runnable}\nexport default MDXContent;`;
  (globalThis as { __verbatimMdxRuntime?: typeof RUNTIME }).__verbatimMdxRuntime = RUNTIME;
  const module = (await import(`data:text/javascript;base64,${Buffer.from(exported).toString('base64')}`)) as { default: (props: object) => unknown };
  const tags = ['Q', 'A', 'P', 'S', 'N'];
  const tree = module.default({ components: Object.fromEntries(tags.map((t) => [t, t])) });
  const out: { tag: string; text: string }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object' || !('props' in node)) return;
    const { type, props } = node as Node;
    if (typeof type === 'string' && tags.includes(type)) out.push({ tag: type, text: textOf(props.children).trim() });
    else walk(props.children);
  };
  walk(tree);
  return out;
}
