// trunk post-build hook: moves trunk's inline start-up script into a file and adds a
// Content-Security-Policy that allows only 'self' (plus 'wasm-unsafe-eval', which
// compiling the app's own wasm needs). No network request can leave the page.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run me as a trunk hook');
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const inline = /<script type="module">([\s\S]*?)<\/script>/;
const m = html.match(inline);
if (!m) throw new Error('index.html: trunk start-up script not found');
const code = m[1].trim() + '\n';
const name = `boot-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
writeFileSync(join(dir, name), code);
html = html.replace(inline, `<script type="module" src="/${name}"></script>`);
const csp = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  // plotters writes SVG presentation styles as style attributes; attributes cannot load
  // anything, <style> elements and stylesheets stay 'self' only.
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`);
if (!html.includes('Content-Security-Policy')) throw new Error('index.html: no <meta charset="utf-8" /> to put the CSP after');
writeFileSync(file, html);
