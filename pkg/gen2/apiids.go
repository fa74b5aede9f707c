package gen2

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// APIIDsFromService reads each environment's AppSync API ID from the
// service: GetBackend's amplifyMetaConfig (the Amplify CLI's
// amplify-meta.json) holds it as api.<ResourceName>.output.GraphQLAPIIdOutput.
// The result is keyed APPID/ENV (APIID reads it). An environment whose
// backend or API the service does not have, or whose meta has no ID, is
// left out.
func APIIDsFromService(ctx context.Context, api amplifybackend.API, apis []*API) (map[string]string, error) {
	out := map[string]string{}
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
				return nil, fmt.Errorf("read the backend of %s/%s for its API ID: %w", a.AppID, e.Name(), err)
			}
			if resp == nil || strings.TrimSpace(resp.AmplifyMetaConfig) == "" {
				continue
			}
			var meta struct {
				API map[string]struct {
					Output struct {
						GraphQLAPIIdOutput string `json:"GraphQLAPIIdOutput"`
					} `json:"output"`
				} `json:"api"`
			}
			if err := json.Unmarshal([]byte(resp.AmplifyMetaConfig), &meta); err != nil {
				return nil, fmt.Errorf("the amplifyMetaConfig of %s/%s is not the JSON the Amplify CLI writes: %w", a.AppID, e.Name(), err)
			}
			if id := meta.API[a.ResourceName].Output.GraphQLAPIIdOutput; id != "" {
				out[a.AppID+"/"+e.Name()] = id
			}
		}
	}
	return out, nil
}
