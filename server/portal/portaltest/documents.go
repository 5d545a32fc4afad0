package portaltest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"

	"kabinet/shared"
	"kabinet/shared/documents"
)

// PersonWithApp registers a person with both contacts confirmed and an
// authenticator app, so that c's session has the second factor the
// cabinets and their documents ask for; it returns the request.
func (e *Env) PersonWithApp(c *Client, req shared.RegisterRequest) shared.RegisterRequest {
	e.T.Helper()
	req = e.Register(c, req)
	c.AddApp()
	return req
}

// Upload sends body as a document named name (percent-encoded into
// documents.NameHeader, as the browser does), streamed: size is the
// Content-Length, or -1 to send it chunked. It returns the status, the
// error of a failure, and the document of a success.
func (c *Client) Upload(name string, body io.Reader, size int64) (int, *shared.Error, documents.Document) {
	t := c.e.T
	t.Helper()
	req, _ := http.NewRequest("POST", c.e.URL+shared.APIPrefix+"/documents", body)
	req.ContentLength = size
	if size == 0 {
		req.Body = http.NoBody
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Origin", c.e.URL)
	req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
	if name != "" {
		req.Header.Set(documents.NameHeader, url.PathEscape(name))
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("POST /documents %q: %v", name, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		var e shared.Error
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatalf("POST /documents %q: %d with a body that is not an error: %q", name, resp.StatusCode, raw)
		}
		return resp.StatusCode, &e, documents.Document{}
	}
	var d documents.Document
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("POST /documents %q: decode %q: %v", name, raw, err)
	}
	return resp.StatusCode, nil, d
}

// Download GETs path under /api/v1 and returns the status, the headers
// and the body.
func (c *Client) Download(path string) (int, http.Header, []byte) {
	t := c.e.T
	t.Helper()
	resp, err := c.HTTP.Get(c.e.URL + shared.APIPrefix + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the body: %v", path, err)
	}
	return resp.StatusCode, resp.Header, body
}
