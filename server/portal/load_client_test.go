package portal_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"kabinet/shared"
)

// loadClient is one browser of the load: one HTTP/1.1 connection kept
// open, driven from the calling goroutine, with the browser app's headers
// and its cookies. net/http's client hands every request to two
// goroutines of its connection and back, and keeps a cookie jar by URL;
// their wake-ups and allocations were most of the load's processor time
// per request, which the server then did not get. The requests and the
// answers are still real HTTP over loopback, and every answer's status
// and cookies are read.
type loadClient struct {
	host    string // host:port
	origin  string // http://host:port
	conn    net.Conn
	r       *bufio.Reader
	req     []byte            // the request being written, reused
	cookies map[string]string // name → value
}

// newLoadClient is a browser of base (http://host:port) with the cookies
// that jar holds for it, if any.
func newLoadClient(base string, jar http.CookieJar) *loadClient {
	u, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	c := &loadClient{host: u.Host, origin: "http://" + u.Host, cookies: map[string]string{}}
	if jar != nil {
		for _, k := range jar.Cookies(u) {
			c.cookies[k.Name] = k.Value
		}
	}
	return c
}

// post sends body (JSON) to path and returns the answer's body; an answer
// of 300 or more is an error.
func (c *loadClient) post(path string, body []byte) ([]byte, error) {
	reused := c.conn != nil
	status, got, err := c.roundTrip(path, body)
	if err != nil && reused && errors.Is(err, errConnGone) {
		// The server closed the idle connection: once more on a new one,
		// as a browser does.
		status, got, err = c.roundTrip(path, body)
	}
	if err != nil {
		return nil, err
	}
	if status >= 300 {
		return got, fmt.Errorf("POST %s: status %d: %.200s", path, status, got)
	}
	return got, nil
}

var errConnGone = errors.New("the connection was closed")

func (c *loadClient) roundTrip(path string, body []byte) (int, []byte, error) {
	if c.conn == nil {
		conn, err := net.DialTimeout("tcp", c.host, 10*time.Second)
		if err != nil {
			return 0, nil, err
		}
		c.conn, c.r = conn, bufio.NewReaderSize(conn, 16<<10)
	}
	b := c.req[:0]
	b = append(b, "POST "...)
	b = append(b, path...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, c.host...)
	b = append(b, "\r\nOrigin: "...)
	b = append(b, c.origin...)
	b = append(b, "\r\nContent-Type: application/json\r\n"+shared.AppHeader+": "+shared.AppHeaderValue+"\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	if len(c.cookies) > 0 {
		b = append(b, "\r\nCookie: "...)
		first := true
		for name, value := range c.cookies {
			if !first {
				b = append(b, "; "...)
			}
			first = false
			b = append(b, name...)
			b = append(b, '=')
			b = append(b, value...)
		}
	}
	b = append(b, "\r\n\r\n"...)
	b = append(b, body...)
	c.req = b
	_ = c.conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := c.conn.Write(b); err != nil {
		c.close()
		return 0, nil, fmt.Errorf("%w: %v", errConnGone, err)
	}
	resp, err := http.ReadResponse(c.r, nil)
	if err != nil {
		c.close()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("%w: %v", errConnGone, err)
		}
		return 0, nil, err
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		c.close()
		return 0, nil, err
	}
	for _, k := range resp.Cookies() {
		if k.MaxAge < 0 || (!k.Expires.IsZero() && k.Expires.Before(time.Now())) {
			delete(c.cookies, k.Name)
		} else {
			c.cookies[k.Name] = k.Value
		}
	}
	if resp.Close {
		c.close()
	}
	return resp.StatusCode, got, nil
}

func (c *loadClient) close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn, c.r = nil, nil
	}
}

// loadSessionCookie is the portal's session cookie over plain HTTP.
const loadSessionCookie = "kabinet_session"

// newSession checks that the last answer set a session cookie other than
// before.
func (c *loadClient) newSession(before string) error {
	if now := c.cookies[loadSessionCookie]; now == "" || now == before {
		return errors.New("the sign-in set no new session cookie")
	}
	return nil
}

// loadKey answers sign-in options for a device as its authenticator does
// (portaltest.Device.Get, the same message and flags: user present and
// verified), signing each challenge with the device's P-256 key. The test
// double parses the key from PKCS #8 again for every signature and goes
// through JSON both ways; here the key is parsed once and the answer is
// written directly. The device's signature counter advances with each.
type loadKey struct {
	d      *device
	key    *ecdsa.PrivateKey
	origin string
	rpHash [32]byte
	id     string // the credential's id, base64url
	handle string // the user handle, base64url
}

func newLoadKey(d *device, rpID, origin string) *loadKey {
	parsed, err := x509.ParsePKCS8PrivateKey(d.Cred.Key.Data)
	if err != nil {
		panic(err)
	}
	enc := base64.RawURLEncoding
	return &loadKey{d: d, key: parsed.(*ecdsa.PrivateKey), origin: origin, rpHash: sha256.Sum256([]byte(rpID)),
		id: enc.EncodeToString(d.Cred.ID), handle: enc.EncodeToString(d.Auth.Options.UserHandle)}
}

// get is the credential's answer to options (navigator.credentials.get's
// JSON).
func (k *loadKey) get(options []byte) ([]byte, error) {
	var o struct {
		PublicKey struct {
			Challenge string `json:"challenge"`
		} `json:"publicKey"`
	}
	if err := json.Unmarshal(options, &o); err != nil || o.PublicKey.Challenge == "" {
		return nil, fmt.Errorf("sign-in options %.200q: %v", options, err)
	}
	k.d.Cred.Counter++
	clientData := []byte(`{"type":"webauthn.get","challenge":"` + o.PublicKey.Challenge + `","origin":"` + k.origin + `"}`)
	authData := append(k.rpHash[:], 1<<0|1<<2, 0, 0, 0, 0) // flags UP and UV, then the counter
	binary.BigEndian.PutUint32(authData[33:], k.d.Cred.Counter)
	clientHash := sha256.Sum256(clientData)
	digest := sha256.Sum256(append(authData[:37:37], clientHash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, k.key, digest[:])
	if err != nil {
		return nil, err
	}
	enc := base64.RawURLEncoding
	b := make([]byte, 0, 1024)
	b = append(b, `{"type":"public-key","id":"`+k.id+`","rawId":"`+k.id+`","response":{"authenticatorData":"`...)
	b = enc.AppendEncode(b, authData)
	b = append(b, `","clientDataJSON":"`...)
	b = enc.AppendEncode(b, clientData)
	b = append(b, `","signature":"`...)
	b = enc.AppendEncode(b, sig)
	b = append(b, `","userHandle":"`+k.handle+`"}}`...)
	return b, nil
}
