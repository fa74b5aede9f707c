// Written by bapi gen2 export from ../../examples/specs/chat-oidc.yaml (d7p4example1z9/chatapi, Gen 1 environments dev, prod).
// The schema is the Gen 1 TransformSchema, unchanged. Each branch below imports
// the Gen 1 tables of its environment on its first deploy; see docs/gen2.md.
import { defineData } from '@aws-amplify/backend';

const schema = /* GraphQL */ `type Message @model @auth(rules: [{ allow: owner, provider: oidc, identityClaim: "sub" }]) {
  id: ID!
  room: String! @index(name: "byRoom")
  body: String!
}
`;

export const data = defineData({
  name: "chatapi",
  schema,
  authorizationModes: {
    defaultAuthorizationMode: "oidc",
    oidcAuthorizationMode: {
      oidcProviderName: "auth0",
      oidcIssuerUrl: "https://example-tenant.us.auth0.com/",
      clientId: "0a1b2c3d4e5f6g7h8i9j",
      // Gen 1's OpenIDAuthTTL 3600000 ms and OpenIDIatTTL 3600000 ms, in seconds.
      tokenExpiryFromAuthInSeconds: 3600,
      tokenExpireFromIssueInSeconds: 3600,
    },
  },
  migratedAmplifyGen1DynamoDbTableMappings: [
    {
      branchName: "main",
      modelNameToTableNameMapping: {
        "Message": "Message-devapiid-dev",
      },
    },
    {
      branchName: "production",
      modelNameToTableNameMapping: {
        "Message": "Message-prodapiid-prod",
      },
    },
  ],
});
