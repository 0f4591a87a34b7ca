// DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz): the same layout on every machine,
// so a generated page can be compared byte for byte with the one in the repository.
import { instance, type Viz } from '@viz-js/viz';

let viz: Promise<Viz> | undefined;

export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status !== 'success') throw new Error(`Graphviz could not draw the graph: ${result.errors.map((e) => e.message).join('; ')}`);
  // Without the XML prolog and doctype, so the SVG can stand inline in an HTML page.
  return result.output.replace(/^[\s\S]*?(<svg)/, '$1');
}
