package gen2

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// Meta is what bapi reads of an environment's amplifyMetaConfig (GetBackend;
// the Amplify CLI's amplify-meta.json).
type Meta struct {
	// APIID is api.<ResourceName>.output.GraphQLAPIIdOutput.
	APIID string
	// Auth is the environment's Cognito auth, for referenceAuth.
	Auth AuthOutputs
}

// AuthOutputs are the Gen 1 auth values referenceAuth takes: from the auth
// resource's output (UserPoolId, AppClientIDWeb, else AppClientID,
// IdentityPoolId) and the awscloudformation provider's identity pool roles
// (AuthRoleArn, UnauthRoleArn). Empty where the meta has none.
type AuthOutputs struct {
	UserPoolID, UserPoolClientID, IdentityPoolID, AuthRoleARN, UnauthRoleARN string
}

// amplifyMeta is the part of amplify-meta.json bapi reads.
type amplifyMeta struct {
	Providers struct {
		CFN struct {
			AuthRoleArn   string `json:"AuthRoleArn"`
			UnauthRoleArn string `json:"UnauthRoleArn"`
		} `json:"awscloudformation"`
	} `json:"providers"`
	API map[string]struct {
		Output struct {
			GraphQLAPIIdOutput string `json:"GraphQLAPIIdOutput"`
		} `json:"output"`
	} `json:"api"`
	Auth map[string]struct {
		Service string `json:"service"`
		Output  struct {
			UserPoolID     string `json:"UserPoolId"`
			AppClientIDWeb string `json:"AppClientIDWeb"`
			AppClientID    string `json:"AppClientID"`
			IdentityPoolID string `json:"IdentityPoolId"`
		} `json:"output"`
	} `json:"auth"`
}

// MetaFromService reads each environment's Meta from the service, keyed
// APPID/ENV. An environment whose backend the service does not have, or
// whose amplifyMetaConfig is empty, is left out.
func MetaFromService(ctx context.Context, api amplifybackend.API, apis []*API) (map[string]Meta, error) {
	out := map[string]Meta{}
	for _, a := range apis {
		for _, e := range a.Envs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			resp, err := api.GetBackend(ctx, &amplifybackend.GetBackendRequest{AppId: a.AppID, BackendEnvironmentName: e.Name()})
			if amplifybackend.IsNotFound(err) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("read the backend of %s/%s: %w", a.AppID, e.Name(), err)
			}
			if resp == nil || strings.TrimSpace(resp.AmplifyMetaConfig) == "" {
				continue
			}
			var meta amplifyMeta
			if err := json.Unmarshal([]byte(resp.AmplifyMetaConfig), &meta); err != nil {
				return nil, fmt.Errorf("the amplifyMetaConfig of %s/%s is not the JSON the Amplify CLI writes: %w", a.AppID, e.Name(), err)
			}
			m := Meta{APIID: meta.API[a.ResourceName].Output.GraphQLAPIIdOutput}
			m.Auth.AuthRoleARN, m.Auth.UnauthRoleARN = meta.Providers.CFN.AuthRoleArn, meta.Providers.CFN.UnauthRoleArn
			// The Cognito resource (the Amplify CLI makes one; imported auth
			// is also service Cognito), the first by name if there are more.
			names := make([]string, 0, len(meta.Auth))
			for n, r := range meta.Auth {
				if r.Service == "" || r.Service == "Cognito" {
					names = append(names, n)
				}
			}
			sort.Strings(names)
			if len(names) > 0 {
				o := meta.Auth[names[0]].Output
				m.Auth.UserPoolID, m.Auth.IdentityPoolID = o.UserPoolID, o.IdentityPoolID
				m.Auth.UserPoolClientID = o.AppClientIDWeb
				if m.Auth.UserPoolClientID == "" {
					m.Auth.UserPoolClientID = o.AppClientID
				}
			}
			out[a.AppID+"/"+e.Name()] = m
		}
	}
	return out, nil
}

// APIIDsFromService reads each environment's AppSync API ID from the
// service: GetBackend's amplifyMetaConfig holds it as
// api.<ResourceName>.output.GraphQLAPIIdOutput. The result is keyed
// APPID/ENV (APIID reads it). An environment whose backend or API the
// service does not have, or whose meta has no ID, is left out.
func APIIDsFromService(ctx context.Context, api amplifybackend.API, apis []*API) (map[string]string, error) {
	metas, err := MetaFromService(ctx, api, apis)
	if err != nil {
		return nil, err
	}
	return APIIDsOf(metas), nil
}

// APIIDsOf is the API IDs of metas, keyed as they are.
func APIIDsOf(metas map[string]Meta) map[string]string {
	out := map[string]string{}
	for k, m := range metas {
		if m.APIID != "" {
			out[k] = m.APIID
		}
	}
	return out
}
