// Written by bapi gen2 export from ../../examples/specs/inventory-iam.yaml (d5m2example8c4/inventory, Gen 1 environments prod).
// The schema is the Gen 1 TransformSchema, unchanged. Each branch below imports
// the Gen 1 tables of its environment on its first deploy; see docs/gen2.md.
import { defineData } from '@aws-amplify/backend';

const schema = /* GraphQL */ `type Product @model @auth(rules: [{ allow: private, provider: iam }]) {
  id: ID!
  sku: String! @index(name: "bySku", queryField: "productBySku")
  name: String!
  price: Float
  updatedAt: AWSDateTime
}
`;

export const data = defineData({
  name: "inventory",
  schema,
  authorizationModes: {
    defaultAuthorizationMode: "iam",
  },
  migratedAmplifyGen1DynamoDbTableMappings: [
    {
      branchName: "production",
      modelNameToTableNameMapping: {
        "Product": "Product-prodapiid-prod",
      },
    },
  ],
});
