//go:build !(js && wasm)

package client

import (
	"bytes"
	"context"
	"io"
	"net/http"
)

// NewHTTP returns a client that sends its requests with hc (tests, tools).
func NewHTTP(base string, hc *http.Client) *Client { return newClient(base, netTransport(hc)) }

func platformTransport() transport { return netTransport(http.DefaultClient) }

func netTransport(hc *http.Client) transport {
	return func(ctx context.Context, method, url string, header http.Header, body []byte) (response, error) {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, url, rd)
		if err != nil {
			return response{}, err
		}
		req.Header = header
		res, err := hc.Do(req)
		if err != nil {
			return response{}, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
		if err != nil {
			return response{}, err
		}
		return response{status: res.StatusCode, header: res.Header, body: b}, nil
	}
}
