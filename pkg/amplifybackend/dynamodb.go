package amplifybackend

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The one DynamoDB operation bapi uses: DescribeTable, for bapi gen2 check
// --live, which compares each model's real table with the one Gen 2
// expects to import. DynamoDB speaks JSON 1.0 (POST / with X-Amz-Target
// DynamoDB_20120810.DescribeTable), SigV4-signed for "dynamodb"; its model
// is aws-sdk-go-v2's service/dynamodb (api_op_DescribeTable.go,
// TableDescription in types.go). Only the members bapi compares are read.
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

// TablesAPI is the DynamoDB operation bapi uses.
type TablesAPI interface {
	DescribeTable(ctx context.Context, in *DescribeTableRequest) (*DescribeTableResponse, error)
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
