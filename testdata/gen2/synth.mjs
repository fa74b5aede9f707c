// synth.mjs: synthesize Amplify Gen 2's data construct (the
// @aws-amplify/data-construct that @aws-amplify/backend-data pins) offline,
// for bapi's tests (pkg/gen2). Standard input: a JSON array of cases
// {name, schema, tables: {ModelName: tableName}}. Each mapped model is
// imported into its table, as defineData's
// migratedAmplifyGen1DynamoDbTableMappings does it (each imported model a
// definition of its own, the rest one more, all combined). Standard
// output: a JSON array of {name, tables: {tableName: properties}} with the
// properties of every Custom::ImportedAmplifyDynamoDBTable, or {name,
// error}.
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AmplifyData, AmplifyDataDefinition } from '@aws-amplify/data-construct';
import { parse, print } from 'graphql';

const imported = (tableName) => ({ dbType: 'DYNAMODB', provisionStrategy: 'IMPORTED_AMPLIFY_TABLE', tableName });
const managed = { dbType: 'DYNAMODB', provisionStrategy: 'AMPLIFY_TABLE' };

function synth(c) {
  const outdir = mkdtempSync(join(tmpdir(), 'bapi-gen2-synth-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Backend');
    const doc = parse(c.schema);
    const defs = [];
    const rest = [];
    for (const d of doc.definitions) {
      const table = d.kind === 'ObjectTypeDefinition' ? c.tables[d.name.value] : undefined;
      if (table) defs.push(AmplifyDataDefinition.fromString(print(d), imported(table)));
      else rest.push(d);
    }
    if (rest.length) defs.push(AmplifyDataDefinition.fromString(print({ kind: 'Document', definitions: rest }), managed));
    const userPool = new cognito.UserPool(stack, 'UserPool');
    const role = (id) => new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('cognito-identity.amazonaws.com') });
    new AmplifyData(stack, 'Data', {
      definition: defs.length === 1 ? defs[0] : AmplifyDataDefinition.combine(defs),
      authorizationModes: {
        defaultAuthorizationMode: 'API_KEY',
        apiKeyConfig: { expires: Duration.days(7) },
        userPoolConfig: { userPool },
        iamConfig: { enableIamAuthorizationMode: true },
        identityPoolConfig: { identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000', authenticatedUserRole: role('Auth'), unauthenticatedUserRole: role('Unauth') },
        oidcConfig: { oidcProviderName: 'oidc', oidcIssuerUrl: 'https://issuer.example.com', tokenExpiryFromAuth: Duration.hours(1), tokenExpiryFromIssue: Duration.hours(1) },
      },
    });
    const asm = app.synth();
    const tables = {};
    for (const f of readdirSync(asm.directory).filter((f) => f.endsWith('.template.json'))) {
      const t = JSON.parse(readFileSync(join(asm.directory, f), 'utf8'));
      for (const r of Object.values(t.Resources ?? {})) {
        if (r.Type !== 'Custom::ImportedAmplifyDynamoDBTable') continue;
        const p = r.Properties;
        tables[p.tableName] = {
          attributeDefinitions: p.attributeDefinitions,
          keySchema: p.keySchema,
          globalSecondaryIndexes: (p.globalSecondaryIndexes ?? []).map((g) => ({ indexName: g.indexName, keySchema: g.keySchema, projection: g.projection })),
          streamSpecification: p.streamSpecification,
          sseSpecification: p.sseSpecification,
          deletionProtectionEnabled: p.deletionProtectionEnabled,
        };
      }
    }
    return { name: c.name, tables };
  } catch (e) {
    return { name: c.name, error: String(e && e.message ? e.message : e) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const cases = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(cases.map(synth)));
