#!/usr/bin/env node
// Plain JavaScript so that an older Node can at least say what is wrong: the CLI itself is TypeScript
// run by Node 24's type stripping.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `sluice needs Node 24 or newer (this is ${process.version}). Run it through npm (\`npm start\`, \`npx sluice\`), ` +
      'which puts the Node 24 installed in node_modules first on the PATH, or install Node 24.\n',
  );
  process.exit(1);
}
await import('../src/main.ts');
