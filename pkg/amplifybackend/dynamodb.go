package amplifybackend

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The two DynamoDB operations bapi uses, for bapi gen2 check --live:
// DescribeTable, to compare each model's real table with the one Gen 2
// expects to import, and DescribeContinuousBackups, to read its
// point-in-time recovery. DynamoDB speaks JSON 1.0 (POST / with X-Amz-Target
// DynamoDB_20120810.<operation>), SigV4-signed for "dynamodb"; its model
// is aws-sdk-go-v2's service/dynamodb (api_op_DescribeTable.go,
// api_op_DescribeContinuousBackups.go, types.go). Only the members bapi
// reads are decoded.
const (
	// DynamoDBSigningName is DynamoDB's SigV4 name.
	DynamoDBSigningName = "dynamodb"
	// EnvEndpointURLDynamoDB overrides DynamoDB's endpoint.
	EnvEndpointURLDynamoDB = "AWS_ENDPOINT_URL_DYNAMODB"
)

// DescribeTableRequest is DescribeTable's input.
type DescribeTableRequest struct {
	TableName string `json:"TableName"`
}

// KeySchemaElement is one element of a key schema.
type KeySchemaElement struct {
	AttributeName string `json:"AttributeName"`
	KeyType       string `json:"KeyType"`
}

// TableDescription is the part of DynamoDB's TableDescription that Gen 2's
// import check compares.
type TableDescription struct {
	TableName            string `json:"TableName"`
	TableStatus          string `json:"TableStatus"`
	AttributeDefinitions []struct {
		AttributeName string `json:"AttributeName"`
		AttributeType string `json:"AttributeType"`
	} `json:"AttributeDefinitions"`
	KeySchema              []KeySchemaElement `json:"KeySchema"`
	GlobalSecondaryIndexes []struct {
		IndexName  string             `json:"IndexName"`
		KeySchema  []KeySchemaElement `json:"KeySchema"`
		Projection struct {
			ProjectionType   string   `json:"ProjectionType"`
			NonKeyAttributes []string `json:"NonKeyAttributes"`
		} `json:"Projection"`
	} `json:"GlobalSecondaryIndexes"`
	BillingModeSummary *struct {
		BillingMode string `json:"BillingMode"`
	} `json:"BillingModeSummary"`
	StreamSpecification *struct {
		StreamEnabled  bool   `json:"StreamEnabled"`
		StreamViewType string `json:"StreamViewType"`
	} `json:"StreamSpecification"`
	SSEDescription *struct {
		Status  string `json:"Status"`
		SSEType string `json:"SSEType"`
	} `json:"SSEDescription"`
	DeletionProtectionEnabled bool `json:"DeletionProtectionEnabled"`
}

// DescribeTableResponse is DescribeTable's output.
type DescribeTableResponse struct {
	Table *TableDescription `json:"Table"`
}

// DescribeContinuousBackupsRequest is DescribeContinuousBackups' input.
type DescribeContinuousBackupsRequest struct {
	TableName string `json:"TableName"`
}

// DescribeContinuousBackupsResponse is DescribeContinuousBackups' output:
// ContinuousBackupsStatus is ENABLED or DISABLED, and
// PointInTimeRecoveryStatus (PointInTimeRecoveryDescription's) ENABLED or
// DISABLED.
type DescribeContinuousBackupsResponse struct {
	ContinuousBackupsDescription *struct {
		ContinuousBackupsStatus        string `json:"ContinuousBackupsStatus"`
		PointInTimeRecoveryDescription *struct {
			PointInTimeRecoveryStatus string `json:"PointInTimeRecoveryStatus"`
			RecoveryPeriodInDays      int    `json:"RecoveryPeriodInDays"`
		} `json:"PointInTimeRecoveryDescription"`
	} `json:"ContinuousBackupsDescription"`
}

// PointInTimeRecovery reports whether the answer says point-in-time
// recovery is on.
func (r *DescribeContinuousBackupsResponse) PointInTimeRecovery() bool {
	if r == nil || r.ContinuousBackupsDescription == nil || r.ContinuousBackupsDescription.PointInTimeRecoveryDescription == nil {
		return false
	}
	return r.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus == "ENABLED"
}

// TablesAPI is the DynamoDB operations bapi uses.
type TablesAPI interface {
	DescribeTable(ctx context.Context, in *DescribeTableRequest) (*DescribeTableResponse, error)
	DescribeContinuousBackups(ctx context.Context, in *DescribeContinuousBackupsRequest) (*DescribeContinuousBackupsResponse, error)
}

// Compile-time check that *Client satisfies TablesAPI.
var _ TablesAPI = (*Client)(nil)

// DescribeTable reads a DynamoDB table's description.
func (c *Client) DescribeTable(ctx context.Context, in *DescribeTableRequest) (*DescribeTableResponse, error) {
	const op = "DescribeTable"
	if in == nil || in.TableName == "" {
		return nil, fmt.Errorf("%s: no table name given", op)
	}
	out := &DescribeTableResponse{}
	svc := service{endpoint: c.dynamoEndpoint, signing: DynamoDBSigningName, target: "DynamoDB_20120810.DescribeTable"}
	if err := c.callService(ctx, svc, op, http.MethodPost, "/", in, out); err != nil {
		return nil, err
	}
	return out, nil
}

// DescribeContinuousBackups reads a DynamoDB table's continuous backups
// and point-in-time recovery settings. A missing table is
// TableNotFoundException (not DescribeTable's ResourceNotFoundException).
func (c *Client) DescribeContinuousBackups(ctx context.Context, in *DescribeContinuousBackupsRequest) (*DescribeContinuousBackupsResponse, error) {
	const op = "DescribeContinuousBackups"
	if in == nil || in.TableName == "" {
		return nil, fmt.Errorf("%s: no table name given", op)
	}
	out := &DescribeContinuousBackupsResponse{}
	svc := service{endpoint: c.dynamoEndpoint, signing: DynamoDBSigningName, target: "DynamoDB_20120810.DescribeContinuousBackups"}
	if err := c.callService(ctx, svc, op, http.MethodPost, "/", in, out); err != nil {
		return nil, err
	}
	return out, nil
}

// dynamoEndpoint is DynamoDB's endpoint: AWS_ENDPOINT_URL_DYNAMODB, else
// the public https://dynamodb.{region}.amazonaws.com. bapi's emulator does
// not serve DynamoDB, so an AmplifyBackend endpoint override is not used
// for it.
func dynamoEndpoint(region string, getenv func(string) string) (*url.URL, error) {
	if v := strings.TrimSpace(getenv(EnvEndpointURLDynamoDB)); v != "" {
		u, err := parseEndpoint(v)
		if err != nil {
			return nil, fmt.Errorf("endpoint from %s: %w", EnvEndpointURLDynamoDB, err)
		}
		return u, nil
	}
	if region == "" {
		return nil, nil // NewWithContext reports the missing region
	}
	return parseEndpoint(strings.Replace(DefaultEndpoint(region), "://amplifybackend.", "://dynamodb.", 1))
}
