// Files named on the command line run alone; with none, the whole suite runs.
const named = process.argv.slice(2).some((a) => /\.test\.ts$/.test(a));
module.exports = {
  'node-option': ['import=tsx', 'conditions=lendwire-source'],
  spec: named ? [] : ['test/**/*.test.ts'],
  // Fails the run, naming what was left open, instead of hanging CI (see the file).
  require: ['test/support/openHandles.ts'],
  timeout: 30000,
  recursive: true,
};
