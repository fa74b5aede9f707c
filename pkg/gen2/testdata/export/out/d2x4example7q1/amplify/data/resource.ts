// Written by bapi gen2 export from ../../examples/specs/blog-cognito.yaml (d2x4example7q1/blogapi, Gen 1 environments staging).
// The schema is the Gen 1 TransformSchema, unchanged. Each branch below imports
// the Gen 1 tables of its environment on its first deploy; see docs/gen2.md.
import { defineData } from '@aws-amplify/backend';

const schema = /* GraphQL */ `type Post @model @auth(rules: [{ allow: owner }, { allow: public, operations: [read] }]) {
  id: ID!
  title: String!
  content: String
  comments: [Comment] @hasMany
}

type Comment @model @auth(rules: [{ allow: owner }, { allow: public, operations: [read] }]) {
  id: ID!
  content: String!
  post: Post @belongsTo
}
`;

export const data = defineData({
  name: "blogapi",
  schema,
  authorizationModes: {
    defaultAuthorizationMode: "userPool",
    apiKeyAuthorizationMode: {
      description: "public read key",
      expiresInDays: 30,
    },
  },
  migratedAmplifyGen1DynamoDbTableMappings: [
    {
      branchName: "staging",
      modelNameToTableNameMapping: {
        "Comment": "Comment-stagingapiid-staging",
        "Post": "Post-stagingapiid-staging",
      },
    },
  ],
});
