// Runs the Amplify GraphQL transformer (@aws-amplify/graphql-transformer, v2)
// offline on many schemas in one process, for bapi's differential test
// (internal/oracle). Reads a JSON array of cases from stdin:
//
//   [{"name": "...", "schema": "...", "defaultMode": "AMAZON_COGNITO_USER_POOLS",
//     "additionalModes": ["API_KEY"], "conflictResolution": "AUTOMERGE"}]
//
// and writes a JSON array of verdicts, in the same order:
//
//   [{"name": "...", "accept": false, "error": "InvalidDirectiveError: ...", "size": 0}]
//
// size is the length in bytes of the compiled schema of an accepted case.
// Nothing is deployed and no AWS call is made: the CDK constructs are built
// in memory and only the schema asset is resolved.
'use strict';

const { App, Stack, NestedStack } = require('aws-cdk-lib');
const { CfnGraphQLSchema } = require('aws-cdk-lib/aws-appsync');
const { executeTransform } = require('@aws-amplify/graphql-transformer');
const {
  constructDataSourceStrategies,
  DDB_DEFAULT_DATASOURCE_STRATEGY,
  defaultTransformParameters,
} = require('@aws-amplify/graphql-transformer-core');

// provider returns the AppSync auth provider config of an AmplifyBackend
// auth mode.
function provider(mode) {
  switch (mode) {
    case 'API_KEY':
      return { authenticationType: 'API_KEY', apiKeyConfig: { apiKeyExpirationDays: 7 } };
    case 'AMAZON_COGNITO_USER_POOLS':
      return { authenticationType: 'AMAZON_COGNITO_USER_POOLS', userPoolConfig: { userPoolId: 'us-east-1_oracle' } };
    case 'OPENID_CONNECT':
      return {
        authenticationType: 'OPENID_CONNECT',
        openIDConnectConfig: { name: 'oidc', issuerUrl: 'https://issuer.example.com', clientId: 'client' },
      };
    default:
      return { authenticationType: mode };
  }
}

function transform(c) {
  const app = new App();
  const stack = new Stack(app, 'oracle');
  let compiled = '';
  let n = 0;
  const authConfig = {
    defaultAuthentication: provider(c.defaultMode || 'API_KEY'),
    additionalAuthenticationProviders: (c.additionalModes || []).map(provider),
  };
  const resolverConfig = c.conflictResolution
    ? { project: { ConflictHandler: c.conflictResolution, ConflictDetection: 'VERSION' } }
    : undefined;
  executeTransform({
    schema: c.schema,
    scope: stack,
    nestedStackProvider: { provide: (scope, name) => new NestedStack(scope, name) },
    assetProvider: {
      provide: (scope, name, props) => {
        n++;
        if (props.fileName === 'schema.graphql') compiled = props.fileContent;
        return { assetHash: `h${n}`, httpUrl: `https://assets.example.com/${n}`, s3BucketName: 'assets', s3ObjectKey: `${n}`, s3ObjectUrl: `s3://assets/${n}` };
      },
    },
    synthParameters: {
      amplifyEnvironmentName: 'oracle',
      apiName: 'oracle',
      userPoolId: 'us-east-1_oracle',
      identityPoolId: 'us-east-1:oracle',
      authenticatedUserRoleName: 'authRole',
      unauthenticatedUserRoleName: 'unauthRole',
      adminRoles: [],
    },
    transformParameters: { ...defaultTransformParameters },
    // A project's storage bucket, which @predictions needs.
    transformersFactoryArgs: { storageConfig: { bucketName: 'oracle-storage' } },
    authConfig,
    resolverConfig,
    dataSourceStrategies: constructDataSourceStrategies(c.schema, DDB_DEFAULT_DATASOURCE_STRATEGY),
    rdsLayerMapping: {},
    rdsSnsTopicMapping: {},
    sqlDirectiveDataSourceStrategies: [],
    printTransformerLog: () => {},
  });
  // The schema asset is lazy: resolving its location writes it.
  for (const node of stack.node.findAll()) {
    if (node instanceof CfnGraphQLSchema) stack.resolve(node.definitionS3Location);
  }
  return compiled.length;
}

// The transformer and the CDK write notes with console.log: keep stdout for
// the verdicts.
console.log = console.info = console.warn = console.debug = (...args) => process.stderr.write(args.join(' ') + '\n');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const out = JSON.parse(input).map((c) => {
    try {
      return { name: c.name, accept: true, size: transform(c) };
    } catch (e) {
      const name = (e && e.name) || 'Error';
      const msg = String((e && e.message) || e).split('\n').filter((l) => l.trim()).slice(0, 3).join(' ');
      return { name: c.name, accept: false, error: `${name}: ${msg}` };
    }
  });
  process.stdout.write(JSON.stringify(out) + '\n');
});
