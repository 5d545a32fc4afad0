package signature

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// trustStore is what external signatures are verified against: the CA
// certificates of SIGNATURE_TRUST_DIR (self-signed ones are roots, the
// others intermediates), and the portal's own CA.
type trustStore struct {
	own      *x509.Certificate
	external []*x509.Certificate // from the directory, roots and intermediates
	roots    *x509.CertPool      // external roots and the portal's CA
	extRoots *x509.CertPool      // external roots only
	inter    *x509.CertPool
}

// loadTrust reads every certificate file of dir (PEM, possibly several in
// one file, or DER). A file that holds no certificate is an error: a
// trust store that silently lost a CA would call good signatures untrusted.
func loadTrust(dir string, own *x509.Certificate) (*trustStore, error) {
	t := &trustStore{own: own, roots: x509.NewCertPool(), extRoots: x509.NewCertPool(), inter: x509.NewCertPool()}
	t.roots.AddCert(own)
	if dir == "" {
		return t, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("SIGNATURE_TRUST_DIR: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("SIGNATURE_TRUST_DIR: %w", err)
		}
		certs, err := parseCertificates(b)
		if err != nil {
			return nil, fmt.Errorf("SIGNATURE_TRUST_DIR: %s: %w", e.Name(), err)
		}
		for _, c := range certs {
			t.external = append(t.external, c)
			if bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignatureFrom(c) == nil {
				t.roots.AddCert(c)
				t.extRoots.AddCert(c)
			} else {
				t.inter.AddCert(c)
			}
		}
	}
	return t, nil
}

func parseCertificates(b []byte) ([]*x509.Certificate, error) {
	if !bytes.Contains(b, []byte("-----BEGIN")) {
		return x509.ParseCertificates(b)
	}
	var out []*x509.Certificate
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("no certificate in the file")
	}
	return out, nil
}

// crlCache fetches the revocation lists certificates name, and keeps each
// until its next update (at most crlKeep): a list is the same for every
// signature its CA made.
type crlCache struct {
	client *http.Client
	mu     sync.Mutex
	lists  map[string]cachedCRL
}

type cachedCRL struct {
	list    *x509.RevocationList
	expires time.Time
}

// crlKeep bounds how long a fetched list is trusted without a refetch;
// crlMaxSize bounds what is read of one.
const (
	crlKeep    = 10 * time.Minute
	crlMaxSize = 10 << 20
)

func newCRLCache(client *http.Client) *crlCache {
	return &crlCache{client: client, lists: map[string]cachedCRL{}}
}

// revoked reports whether cert is on its CA's revocation list (the first
// http(s) distribution point it names), checked under issuer's signature.
// ok is false when the certificate names no list; an error says the list
// could not be had.
func (c *crlCache) revoked(ctx context.Context, cert, issuer *x509.Certificate, now time.Time) (at *time.Time, ok bool, err error) {
	var url string
	for _, u := range cert.CRLDistributionPoints {
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			url = u
			break
		}
	}
	if url == "" {
		return nil, false, nil
	}
	list, err := c.get(ctx, url, issuer, now)
	if err != nil {
		return nil, true, err
	}
	for _, e := range list.RevokedCertificateEntries {
		if e.SerialNumber != nil && e.SerialNumber.Cmp(cert.SerialNumber) == 0 {
			t := e.RevocationTime
			return &t, true, nil
		}
	}
	return nil, true, nil
}

func (c *crlCache) get(ctx context.Context, url string, issuer *x509.Certificate, now time.Time) (*x509.RevocationList, error) {
	key := url + "\x00" + string(issuer.Raw)
	c.mu.Lock()
	cached, ok := c.lists[key]
	c.mu.Unlock()
	if ok && now.Before(cached.expires) {
		return cached.list, nil
	}
	list, err := c.fetch(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := list.CheckSignatureFrom(issuer); err != nil {
		return nil, fmt.Errorf("the list at %s is not its CA's: %w", url, err)
	}
	if !list.NextUpdate.IsZero() && now.After(list.NextUpdate.Add(time.Hour)) {
		return nil, fmt.Errorf("the list at %s is out of date (next update %s)", url, list.NextUpdate)
	}
	expires := now.Add(crlKeep)
	if !list.NextUpdate.IsZero() && list.NextUpdate.Before(expires) {
		expires = list.NextUpdate
	}
	c.mu.Lock()
	c.lists[key] = cachedCRL{list: list, expires: expires}
	c.mu.Unlock()
	return list, nil
}

func (c *crlCache) fetch(ctx context.Context, url string) (*x509.RevocationList, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, crlMaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > crlMaxSize {
		return nil, fmt.Errorf("GET %s: the list is over %d bytes", url, crlMaxSize)
	}
	if block, _ := pem.Decode(b); block != nil {
		b = block.Bytes
	}
	return x509.ParseRevocationList(b)
}

// sameSerial compares serials.
func sameSerial(a, b *big.Int) bool { return a != nil && b != nil && a.Cmp(b) == 0 }
