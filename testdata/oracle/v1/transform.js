// Runs the Amplify GraphQL transformer v1 (graphql-transformer-core 8.x and
// its transformers, at the versions the Gen 1 CLI's API plugin depends on)
// offline on many schemas in one process, for bapi's differential test of
// transformer v1 projects (internal/oracle). Input and output are those of
// ../transform.js (a JSON array of cases on stdin, one verdict per case on
// stdout). The transformer list and its order are the CLI plugin's
// (transform-graphql-schema-v1): model, versioned, function, http, key,
// connection, predictions, searchable, auth. Nothing is deployed: v1 only
// writes CloudFormation templates, in memory.
'use strict';
const { runBatch, verdict } = require('../batch.js');

const { GraphQLTransform } = require('graphql-transformer-core');
const { DynamoDBModelTransformer } = require('graphql-dynamodb-transformer');
const { VersionedModelTransformer } = require('graphql-versioned-transformer');
const { FunctionTransformer } = require('graphql-function-transformer');
const { HttpTransformer } = require('graphql-http-transformer');
const { KeyTransformer } = require('graphql-key-transformer');
const { ModelConnectionTransformer } = require('graphql-connection-transformer');
const { PredictionsTransformer } = require('graphql-predictions-transformer');
const { SearchableModelTransformer } = require('graphql-elasticsearch-transformer');
const { ModelAuthTransformer } = require('graphql-auth-transformer');

// featureFlags answers the transformer's feature-flag questions with
// amplify-cli-core's defaultValueForNewProjects of the graphqltransformer
// section (what `amplify init` writes to cli.json), with transformerversion
// 1: a v1 project is one that kept or set it.
const flags = {
  addmissingownerfields: true,
  improvepluralization: false,
  validatetypenamereservedwords: true,
  useexperimentalpipelinedtransformer: true,
  enableiterativegsiupdates: true,
  secondarykeyasgsi: true,
  skipoverridemutationinputtypes: true,
  transformerversion: 1,
  suppressschemamigrationprompt: true,
  securityenhancementnotification: false,
  showfieldauthnotification: false,
  usesubusernamefordefaultidentityclaim: true,
  usefieldnameforprimarykeyconnectionfield: false,
  enableautoindexquerynames: true,
  respectprimarykeyattributesonconnectionfield: true,
  shoulddeepmergedirectiveconfigdefaults: false,
  populateownerfieldforstaticgroupauth: true,
  subscriptionsinheritprimaryauth: false,
};
const featureFlags = {
  getBoolean: (name, def) => (name.toLowerCase() in flags ? Boolean(flags[name.toLowerCase()]) : Boolean(def)),
  getNumber: (name, def) => (name.toLowerCase() in flags ? Number(flags[name.toLowerCase()]) : Number(def)),
  getObject: () => undefined,
};

function transform(c) {
  const entry = (mode) => ({ authenticationType: mode });
  const authConfig = {
    defaultAuthentication: entry(c.defaultMode || 'API_KEY'),
    additionalAuthenticationProviders: (c.additionalModes || []).map(entry),
  };
  const transformConfig = { Version: 5 };
  if (c.conflictResolution) {
    transformConfig.ResolverConfig = { project: { ConflictHandler: c.conflictResolution, ConflictDetection: 'VERSION' } };
  }
  const t = new GraphQLTransform({
    transformers: [
      new DynamoDBModelTransformer(),
      new VersionedModelTransformer(),
      new FunctionTransformer(),
      new HttpTransformer(),
      new KeyTransformer(),
      new ModelConnectionTransformer(),
      new PredictionsTransformer({ bucketName: 'oracle-storage' }),
      new SearchableModelTransformer(),
      new ModelAuthTransformer({ authConfig }),
    ],
    transformConfig,
    featureFlags,
  });
  const out = t.transform(c.schema);
  return (out.schema || '').length;
}

runBatch(...verdict(transform));
