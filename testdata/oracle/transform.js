// Runs the Amplify GraphQL transformer of the Gen 1 CLI line the
// AmplifyBackend service deploys with (@aws-amplify/graphql-transformer 1.8,
// transformer v2) offline on many schemas in one process, for bapi's
// differential test (internal/oracle). It calls executeTransform as the
// CLI's API plugin (@aws-amplify/amplify-category-api 5.15,
// transform-graphql-schema-v2) does: the transform parameters are the CLI's
// feature-flag defaults for a new project, and the global auth rule
// (input AMPLIFY) is read as the CLI reads it before the transformer runs.
// Reads a JSON array of cases from stdin:
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
const { runBatch, verdict } = require('./batch.js');

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

// sandboxMode reads the global auth rule as the CLI does before it runs the
// transformer (amplify-category-api, sandbox-mode-helpers'
// schemaHasSandboxModeEnabled): no input AMPLIFY is no sandbox; an input
// AMPLIFY needs a globalAuthRule (or global_auth_rule) field of type
// AuthRule whose default value's first field is allow: public, or the push
// fails.
function sandboxMode(schema) {
  const { parse } = require('graphql');
  const amplify = parse(schema).definitions.find((d) => d.kind === 'InputObjectTypeDefinition' && d.name.value === 'AMPLIFY');
  if (!amplify) return false;
  const field = (amplify.fields || []).find((f) => ['global_auth_rule', 'globalAuthRule'].includes(f.name.value));
  if (!field) throw new Error('CLI: input AMPLIFY requires "globalAuthRule" field');
  const first = field.defaultValue && field.defaultValue.fields && field.defaultValue.fields[0];
  if (field.type.name && field.type.name.value === 'AuthRule' && first && first.name.value === 'allow' && first.value.value === 'public') {
    return true;
  }
  throw new Error('CLI: There was a problem with your auth configuration (input AMPLIFY)');
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
    transformParameters: {
      ...defaultTransformParameters,
      // amplify-cli-core's feature flags, defaultValueForNewProjects of the
      // graphqltransformer section (shouldDeepMergeDirectiveConfigDefaults
      // is false there; the other values equal the library's defaults).
      shouldDeepMergeDirectiveConfigDefaults: false,
      secondaryKeyAsGSI: true,
      enableAutoIndexQueryNames: true,
      respectPrimaryKeyAttributesOnConnectionField: true,
      populateOwnerFieldForStaticGroupAuth: true,
      useSubUsernameForDefaultIdentityClaim: true,
      subscriptionsInheritPrimaryAuth: false,
      sandboxModeEnabled: sandboxMode(c.schema),
    },
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

runBatch(...verdict(transform));
