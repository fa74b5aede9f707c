// batch.js: the one stdin-to-stdout loop of bapi's Node.js test drivers
// (transform.js, v1/transform.js, synth.js). It sends every console note of
// the transformer and the CDK to stderr, reads a JSON array of cases from
// stdin, and writes the JSON array of what judge returns for each (or
// onError for a case that throws), in the same order.
'use strict';

function runBatch(judge, onError) {
  console.log = console.info = console.warn = console.debug = (...args) => process.stderr.write(args.join(' ') + '\n');
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => (input += d));
  process.stdin.on('end', () => {
    const out = JSON.parse(input).map((c) => {
      try {
        return judge(c);
      } catch (e) {
        return onError(c, e);
      }
    });
    process.stdout.write(JSON.stringify(out) + '\n');
  });
}

// verdict is the oracle's judge: accepted with the compiled size, or the
// error's name and first lines.
function verdict(transform) {
  return [
    (c) => ({ name: c.name, accept: true, size: transform(c) }),
    (c, e) => {
      const name = (e && e.name) || 'Error';
      const msg = String((e && e.message) || e).split('\n').filter((l) => l.trim()).slice(0, 3).join(' ');
      return { name: c.name, accept: false, error: `${name}: ${msg}` };
    },
  ];
}

module.exports = { runBatch, verdict };
