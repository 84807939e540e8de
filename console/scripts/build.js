// Bundles the single-page application (src/app/main.tsx, Preact) with esbuild into dist/public/,
// with index.html and the stylesheet: what the control plane serves at /. Type checking is
// `tsc -p tsconfig.app.json` (run before this by the build script).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'public');

async function main() {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const started = Date.now();
  const result = await esbuild.build({
    entryPoints: { console: path.join(root, 'src', 'app', 'main.tsx') },
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: out,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  esbuild.buildSync({
    entryPoints: [path.join(root, 'src', 'app', 'styles.css')],
    bundle: true,
    minify: true,
    outfile: path.join(out, 'console.css'),
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(root, 'src', 'index.html'), path.join(out, 'index.html'));
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  process.stdout.write(
    `console: dist/public built in ${Date.now() - started} ms (${Math.round(bytes / 1024)} KiB with maps)\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
