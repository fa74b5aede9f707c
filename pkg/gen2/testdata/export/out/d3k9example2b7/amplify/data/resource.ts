// Written by bapi gen2 export from ../../examples/specs/todo-apikey.yaml (d3k9example2b7/todoapi, Gen 1 environments dev).
// The schema is the Gen 1 TransformSchema, unchanged. Each branch below imports
// the Gen 1 tables of its environment on its first deploy; see docs/gen2.md.
import { defineData } from '@aws-amplify/backend';

const schema = /* GraphQL */ `type Todo @model @auth(rules: [{ allow: public }]) {
  id: ID!
  name: String!
  description: String
  done: Boolean
  due: AWSDate
}
`;

export const data = defineData({
  name: "todoapi",
  schema,
  authorizationModes: {
    defaultAuthorizationMode: "apiKey",
    apiKeyAuthorizationMode: {
      description: "demo key",
      expiresInDays: 7,
    },
  },
  migratedAmplifyGen1DynamoDbTableMappings: [
    {
      branchName: "main",
      modelNameToTableNameMapping: {
        "Todo": "Todo-devapiid-dev",
      },
    },
  ],
});
