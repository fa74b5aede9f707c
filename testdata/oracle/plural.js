// plural.js reads words, one per line, on stdin and prints each word, a
// tab and its plural as the pluralize package the 1.8 transformer line
// pins gives it (graphql-transformer-common's plurality, the index
// transformer's default names). internal/oracle's
// TestPluralMatchesPluralize holds bapi's amplifyname.Plural to it.
// With --words it prints instead every word pluralize's own rules name
// (its irregular pairs and uncountable words), one per line.
'use strict';
const fs = require('fs');
const pluralize = require('pluralize');

if (process.argv[2] === '--words') {
  const src = fs.readFileSync(require.resolve('pluralize'), 'utf8');
  const words = new Set();
  for (const m of src.matchAll(/'([A-Za-z]+)'/g)) words.add(m[1]);
  process.stdout.write([...words].join('\n') + '\n');
} else {
  const words = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
  process.stdout.write(words.map((w) => w + '\t' + pluralize(w)).join('\n') + '\n');
}
