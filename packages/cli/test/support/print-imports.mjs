// Module-loader hooks for tests: prints the URL of every module the ESM loader loads to stderr,
// so a test can check what a command line imports (`node --import` registers it, see start-imports.test.ts).
export async function load(url, context, nextLoad) {
  process.stderr.write(`imported ${url}\n`);
  return nextLoad(url, context);
}
