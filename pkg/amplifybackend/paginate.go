package amplifybackend

import (
	"context"
	"fmt"
)

// ListBackendJobsAPI is the one operation the paginator needs; *Client and
// any API satisfy it.
type ListBackendJobsAPI interface {
	ListBackendJobs(ctx context.Context, in *ListBackendJobsRequest) (*ListBackendJobsResponse, error)
}

// ListBackendJobsPaginator follows NextToken across ListBackendJobs pages.
//
//	p := amplifybackend.NewListBackendJobsPaginator(client, &amplifybackend.ListBackendJobsRequest{...})
//	for p.HasMorePages() {
//		page, err := p.NextPage(ctx)
//		...
//	}
type ListBackendJobsPaginator struct {
	api       ListBackendJobsAPI
	params    ListBackendJobsRequest
	nextToken string
	firstPage bool
	seen      map[string]bool
}

// NewListBackendJobsPaginator returns a paginator starting at in.NextToken.
// in is copied; it is not modified.
func NewListBackendJobsPaginator(api ListBackendJobsAPI, in *ListBackendJobsRequest) *ListBackendJobsPaginator {
	p := &ListBackendJobsPaginator{api: api, firstPage: true, seen: map[string]bool{}}
	if in != nil {
		p.params = *in
		p.nextToken = in.NextToken
	}
	return p
}

// HasMorePages reports whether NextPage has a page to fetch.
func (p *ListBackendJobsPaginator) HasMorePages() bool {
	return p.firstPage || p.nextToken != ""
}

// NextPage fetches the next page. A service that hands back a token it has
// already given ends the listing with an error rather than looping forever.
func (p *ListBackendJobsPaginator) NextPage(ctx context.Context) (*ListBackendJobsResponse, error) {
	if !p.HasMorePages() {
		return nil, fmt.Errorf("ListBackendJobs: no more pages: check HasMorePages before calling NextPage")
	}
	in := p.params
	in.NextToken = p.nextToken
	out, err := p.api.ListBackendJobs(ctx, &in)
	if err != nil {
		return nil, err
	}
	p.firstPage = false
	if p.nextToken != "" {
		p.seen[p.nextToken] = true
	}
	p.nextToken = out.NextToken
	if p.nextToken != "" && p.seen[p.nextToken] {
		p.nextToken = ""
		return out, fmt.Errorf("ListBackendJobs: the service repeated NextToken %q: stopping to avoid an endless listing", out.NextToken)
	}
	return out, nil
}

// ListAllBackendJobs returns every job matching in, following NextToken
// from in.NextToken to the last page.
func ListAllBackendJobs(ctx context.Context, api ListBackendJobsAPI, in *ListBackendJobsRequest) ([]BackendJobRespObj, error) {
	jobs := []BackendJobRespObj{}
	p := NewListBackendJobsPaginator(api, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if page != nil {
			jobs = append(jobs, page.Jobs...)
		}
		if err != nil {
			return jobs, err
		}
	}
	return jobs, nil
}

// ListAllBackendJobs is ListAllBackendJobs with this client.
func (c *Client) ListAllBackendJobs(ctx context.Context, in *ListBackendJobsRequest) ([]BackendJobRespObj, error) {
	return ListAllBackendJobs(ctx, c, in)
}
