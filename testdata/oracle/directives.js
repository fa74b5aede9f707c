// Prints the directive SDL a transformer line validates a schema with, as
// the line itself declares it: for v2 (the default), the definitions of
// every transformer of @aws-amplify/graphql-transformer's chain (each
// transformer's directive and its input types) and transformer-core's extra
// AppSync directives and scalars (validation.js); for v1 (argument "1"),
// @aws-amplify/graphql-directives' v1 and AppSync definitions (those of the
// graphql-transformer-core 8.x line's key, connection, versioned and auth
// transformers). pkg/amplifyschema/graphql/v1.graphql and v2.graphql hold its
// output under a header; TestDirectiveSDLMatchesTransformer (internal/oracle)
// fails when they differ.
'use strict';

const { parse, print } = require('graphql');
const { constructTransformerChain } = require('@aws-amplify/graphql-transformer');
const { EXTRA_DIRECTIVES_DOCUMENT } = require('@aws-amplify/graphql-transformer-core/lib/transformation/validation');
const directives = require('@aws-amplify/graphql-directives');

const version = process.argv[2] || '2';
const out = [];
if (version === '1') {
  for (const d of [...directives.V1Directives, ...directives.AppSyncDirectives, directives.DeprecatedDirective]) for (const def of parse(d.definition).definitions) out.push(print(def));
} else {
  const seen = new Set();
  for (const t of constructTransformerChain({})) {
    for (const def of [t.directive, ...t.typeDefinitions]) {
      const s = print(def);
      if (!seen.has(s)) {
        seen.add(s);
        out.push(s);
      }
    }
  }
  for (const def of EXTRA_DIRECTIVES_DOCUMENT.definitions) out.push(print(def));
}
process.stdout.write(out.join('\n\n') + '\n');
