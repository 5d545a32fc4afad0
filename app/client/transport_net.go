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
	return func(ctx context.Context, method, url string, header Header, body []byte) (response, error) {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, url, rd)
		if err != nil {
			return response{}, err
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := hc.Do(req)
		if err != nil {
			return response{}, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
		if err != nil {
			return response{}, err
		}
		out := response{status: res.StatusCode, header: Header{}, body: b}
		for _, name := range responseHeaders {
			if v := res.Header.Get(name); v != "" {
				out.header.Set(name, v)
			}
		}
		return out, nil
	}
}
