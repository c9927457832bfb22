package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/pingshan/govchain/internal/delivery"
)

// FetchShared posts a signed fetch to an owner node's
// /api/v1/sharing/fetch and returns the sealed delivery.
func (c *Client) FetchShared(ctx context.Context, sf *delivery.SignedFetch) (*delivery.Delivery, error) {
	b, err := json.Marshal(sf)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Base+"/api/v1/sharing/fetch", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	var d delivery.Delivery
	if err := c.do(req, &d); err != nil {
		return nil, err
	}
	return &d, nil
}
