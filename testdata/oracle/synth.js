// synth.js: run the Amplify GraphQL transformer of the 1.8 line (the one the
// AmplifyBackend service runs, Gen 1) offline and print the DynamoDB tables
// it makes, for bapi's tests (pkg/gen2, TestGen1TableMatchesTransformer).
// Standard input: a JSON array of cases {name, schema}. Standard output: a
// JSON array of {name, tables: {logicalId: {tableName, properties}}}, the
// resolved properties of every AWS::DynamoDB::Table, or {name, error}.
// Nothing is deployed; no AWS call is made.
'use strict';
const { runBatch } = require('./batch.js');

const { App, Stack, NestedStack } = require('aws-cdk-lib');
const { CfnTable } = require('aws-cdk-lib/aws-dynamodb');
const { executeTransform } = require('@aws-amplify/graphql-transformer');
const {
  constructDataSourceStrategies,
  DDB_DEFAULT_DATASOURCE_STRATEGY,
  defaultTransformParameters,
} = require('@aws-amplify/graphql-transformer-core');

// Every auth mode on, so that any @auth rule has its provider.
const authConfig = {
  defaultAuthentication: { authenticationType: 'API_KEY', apiKeyConfig: { apiKeyExpirationDays: 7 } },
  additionalAuthenticationProviders: [
    { authenticationType: 'AMAZON_COGNITO_USER_POOLS', userPoolConfig: { userPoolId: 'us-east-1_gen1' } },
    { authenticationType: 'AWS_IAM' },
    { authenticationType: 'OPENID_CONNECT', openIDConnectConfig: { name: 'oidc', issuerUrl: 'https://issuer.example.com', clientId: 'client' } },
  ],
};

function tables(c) {
  const app = new App();
  const stack = new Stack(app, 'gen1');
  let n = 0;
  executeTransform({
    schema: c.schema,
    scope: stack,
    nestedStackProvider: { provide: (scope, name) => new NestedStack(scope, name) },
    assetProvider: {
      provide: () => {
        n++;
        return { assetHash: `h${n}`, httpUrl: `https://assets.example.com/${n}`, s3BucketName: 'assets', s3ObjectKey: `${n}`, s3ObjectUrl: `s3://assets/${n}` };
      },
    },
    synthParameters: {
      amplifyEnvironmentName: 'dev',
      apiName: 'gen1',
      userPoolId: 'us-east-1_gen1',
      identityPoolId: 'us-east-1:gen1',
      authenticatedUserRoleName: 'authRole',
      unauthenticatedUserRoleName: 'unauthRole',
      adminRoles: [],
    },
    transformParameters: { ...defaultTransformParameters },
    transformersFactoryArgs: { storageConfig: { bucketName: 'gen1-storage' } },
    authConfig,
    dataSourceStrategies: constructDataSourceStrategies(c.schema, DDB_DEFAULT_DATASOURCE_STRATEGY),
    rdsLayerMapping: {},
    rdsSnsTopicMapping: {},
    sqlDirectiveDataSourceStrategies: [],
    printTransformerLog: () => {},
  });
  const out = {};
  for (const node of stack.node.findAll()) {
    if (!(node instanceof CfnTable)) continue;
    const s = Stack.of(node);
    const cfn = s.resolve(node._toCloudFormation());
    for (const [id, r] of Object.entries(cfn.Resources)) out[id] = r.Properties;
  }
  return out;
}

runBatch(
  (c) => ({ name: c.name, tables: tables(c) }),
  (c, e) => ({ name: c.name, error: String((e && e.message) || e).split('\n')[0] }),
);
