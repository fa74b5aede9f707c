// Written by bapi gen2 export for d2x4example7q1/blogapi: the Gen 1 auth, referenced as it is.
// Every value starting BAPI_PLACEHOLDER_ is one bapi could not know: fill it in
// from the Gen 1 environment's amplify-meta.json (auth output) or the Cognito and IAM
// consoles before the first deploy (bapi gen2 export --live reads what the service has),
// or let AWS's amplify gen2-migration move auth instead.
import { referenceAuth } from '@aws-amplify/backend';

export const auth = referenceAuth({
  userPoolId: "us-east-1_AbCdEf123", // the spec's CognitoUserPoolId
  userPoolClientId: "BAPI_PLACEHOLDER_userPoolClientId",
  identityPoolId: "BAPI_PLACEHOLDER_identityPoolId",
  authRoleArn: "BAPI_PLACEHOLDER_authRoleArn",
  unauthRoleArn: "BAPI_PLACEHOLDER_unauthRoleArn",
});
