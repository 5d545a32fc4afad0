package portal_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"
	"golang.org/x/crypto/hkdf"

	"kabinet/shared"
)

// pushService is a push service on loopback: it receives what the portal
// POSTs for a subscription, as a browser vendor's service would.
type pushService struct {
	srv  *httptest.Server
	got  chan *http.Request
	body chan []byte
}

func newPushService(t *testing.T) *pushService {
	ps := &pushService{got: make(chan *http.Request, 8), body: make(chan []byte, 8)}
	ps.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ps.got <- r
		ps.body <- b
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(ps.srv.Close)
	return ps
}

// browserKeys are a subscription's keys as a browser makes them.
type browserKeys struct {
	priv *ecdh.PrivateKey
	auth []byte
}

func newBrowserKeys(t *testing.T) browserKeys {
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	auth := make([]byte, 16)
	rand.Read(auth)
	return browserKeys{priv: priv, auth: auth}
}

func (k browserKeys) subscription(endpoint string) shared.PushSubscription {
	var s shared.PushSubscription
	s.Endpoint = endpoint
	s.Keys.P256dh = base64.RawURLEncoding.EncodeToString(k.priv.PublicKey().Bytes())
	s.Keys.Auth = base64.RawURLEncoding.EncodeToString(k.auth)
	return s
}

// decrypt opens an aes128gcm message for these keys (RFC 8291 / RFC 8188),
// as the browser does before the service worker sees it.
func (k browserKeys) decrypt(t *testing.T, body []byte) []byte {
	t.Helper()
	if len(body) < 21 {
		t.Fatalf("body of %d bytes", len(body))
	}
	salt, idlen := body[:16], int(body[20])
	if rs := binary.BigEndian.Uint32(body[16:20]); rs < 18 || idlen != 65 {
		t.Fatalf("record size %d, key id length %d", rs, idlen)
	}
	asPub, ciphertext := body[21:21+idlen], body[21+idlen:]
	as, err := ecdh.P256().NewPublicKey(asPub)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := k.priv.ECDH(as)
	if err != nil {
		t.Fatal(err)
	}
	read := func(salt, ikm, info []byte, n int) []byte {
		out := make([]byte, n)
		if _, err := io.ReadFull(hkdf.New(sha256.New, ikm, salt, info), out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	keyInfo := append(append([]byte("WebPush: info\x00"), k.priv.PublicKey().Bytes()...), asPub...)
	ikm := read(k.auth, secret, keyInfo, 32)
	cek := read(salt, ikm, []byte("Content-Encoding: aes128gcm\x00"), 16)
	nonce := read(salt, ikm, []byte("Content-Encoding: nonce\x00"), 12)
	block, _ := aes.NewCipher(cek)
	gcm, _ := cipher.NewGCM(block)
	plain, err := gcm.Open(nil, nonce, ciphertext, nil)
	if err != nil {
		t.Fatalf("the push message does not decrypt for the subscription: %v", err)
	}
	// Padding: the last record ends with 0x02, then zeros.
	end := bytes.LastIndexByte(plain, 2)
	if end < 0 {
		t.Fatalf("no padding delimiter in %q", plain)
	}
	return plain[:end]
}

// checkVAPID verifies the Authorization header: a JWT for the push
// service's origin signed (ES256) by the key it names, which is the
// portal's public VAPID key.
func checkVAPID(t *testing.T, r *http.Request, origin, publicKey string) {
	t.Helper()
	h := r.Header.Get("Authorization")
	var jwt, k string
	for _, part := range strings.Split(strings.TrimPrefix(h, "vapid "), ",") {
		part = strings.TrimSpace(part)
		switch {
		case strings.HasPrefix(part, "t="):
			jwt = strings.TrimPrefix(part, "t=")
		case strings.HasPrefix(part, "k="):
			k = strings.TrimPrefix(part, "k=")
		}
	}
	if jwt == "" || strings.TrimRight(k, "=") != publicKey {
		t.Fatalf("Authorization %q (key should be %s)", h, publicKey)
	}
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("JWT %q", jwt)
	}
	var claims struct {
		Aud string `json:"aud"`
		Exp int64  `json:"exp"`
	}
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if err := json.Unmarshal(raw, &claims); err != nil || claims.Aud != origin || claims.Exp < time.Now().Unix() {
		t.Fatalf("claims %s", raw)
	}
	pub, _ := base64.RawURLEncoding.DecodeString(publicKey)
	x, y := elliptic.Unmarshal(elliptic.P256(), pub)
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if x == nil || len(sig) != 64 || !ecdsa.Verify(&ecdsa.PublicKey{Curve: elliptic.P256(), X: x, Y: y}, digest[:],
		new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		t.Fatal("the VAPID JWT is not signed by the portal's key")
	}
}

// A sign-in after a right password is approved on the phone: the request
// reaches it by Web Push (encrypted for its subscription, signed with the
// portal's VAPID key) and in the app; the phone picks the number.
func TestPushApprovalOnThePhone(t *testing.T) {
	e := start(t, nil)
	_, d := phoneWithPasskey(t, e, "+79120000095", "push@example.ru")
	phone := e.Client()
	if _, err := passkeyLogin(t, phone, d); err != nil { // a session opened with a second factor
		t.Fatalf("phone sign-in: %+v", err)
	}
	var st shared.PushStatus
	phone.MustOK("GET", "/me/push", nil, &st)
	if st.Key == "" || !st.CanApprove || st.Subscribed {
		t.Fatalf("push status %+v", st)
	}
	ps := newPushService(t)
	keys := newBrowserKeys(t)
	phone.MustOK("POST", "/me/push", keys.subscription(ps.srv.URL+"/send/abc"), nil)

	screen := e.Client()
	var step shared.SecondFactorStep
	if status, err := screen.Do("POST", "/login", shared.LoginRequest{Login: "push@example.ru", Password: goodPassword}, &step); err != nil || status != http.StatusAccepted {
		t.Fatalf("password step: %d %+v", status, err)
	}
	if !slices.Equal(step.Methods, []string{shared.FactorPasskey, shared.FactorPush}) {
		t.Fatalf("methods %v", step.Methods)
	}
	// The phone's app is waiting for requests.
	type listed struct {
		l    shared.ApprovalList
		took time.Duration
	}
	waiting := make(chan listed, 1)
	go func() {
		began := time.Now()
		var l shared.ApprovalList
		phone.MustOK("POST", "/me/approvals/wait", shared.ApprovalsWaitRequest{Seen: []string{}}, &l)
		waiting <- listed{l, time.Since(began)}
	}()
	time.Sleep(200 * time.Millisecond)
	var req shared.QRTicket
	if status, err := screen.Do("POST", "/login/second-factor/push", shared.PushApprovalRequest{Ticket: step.Ticket}, &req); err != nil || status != http.StatusCreated {
		t.Fatalf("push request: %d %+v", status, err)
	}
	w := <-waiting
	if len(w.l.Items) != 1 || w.l.Items[0].ID != req.ID || w.took > 3*time.Second {
		t.Fatalf("the app saw %+v after %s", w.l, w.took)
	}

	// The push message.
	select {
	case r := <-ps.got:
		body := <-ps.body
		if r.Header.Get("Content-Encoding") != "aes128gcm" || r.Header.Get("TTL") == "" || r.URL.Path != "/send/abc" {
			t.Fatalf("push request headers %v", r.Header)
		}
		checkVAPID(t, r, ps.srv.URL, st.Key)
		var msg struct{ Title, Body, Path string }
		if err := json.Unmarshal(keys.decrypt(t, body), &msg); err != nil || msg.Path != "/qr?id="+req.ID || !strings.Contains(msg.Body, "127.0.0.1") {
			t.Fatalf("push message %+v %v", msg, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing reached the push service")
	}

	// The phone approves with the number on the screen.
	item := w.l.Items[0]
	if !slices.Contains(item.Choices, req.Number) {
		t.Fatalf("choices %v, number %d", item.Choices, req.Number)
	}
	phone.MustOK("POST", "/me/qr/"+item.ID+"/approve", shared.QRApproveRequest{Number: req.Number}, nil)
	var qs shared.QRStatus
	screen.MustOK("POST", "/login/qr/"+req.ID+"/wait", shared.QRSecretRequest{Secret: req.Secret, Seen: shared.QRScanned}, &qs)
	if qs.Status != shared.QRApproved {
		t.Fatalf("screen sees %+v", qs)
	}
	var info shared.SessionInfo
	screen.MustOK("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: step.Ticket, Method: shared.FactorPush, Code: req.ID}, &info)
	if !slices.Equal(info.Methods, []string{"password", shared.FactorPush}) {
		t.Fatalf("methods %v", info.Methods)
	}

	// A wrong number on the phone denies the sign-in.
	step2 := loginTicket(t, e.Client(), "push@example.ru")
	var req2 shared.QRTicket
	screen.MustOK("POST", "/login/second-factor/push", shared.PushApprovalRequest{Ticket: step2}, &req2)
	wrong := 10
	for wrong == req2.Number {
		wrong++
	}
	if _, err := phone.Do("POST", "/me/qr/"+req2.ID+"/approve", shared.QRApproveRequest{Number: wrong}, nil); err == nil || err.Code != shared.CodeQRDenied {
		t.Fatalf("wrong number: %+v", err)
	}
	if _, err := e.Client().Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: step2, Method: shared.FactorPush, Code: req2.ID}, nil); err == nil || err.Code != shared.CodeQRDenied {
		t.Fatalf("finishing a denied approval: %+v", err)
	}
}

// Only a session opened with a second factor approves or subscribes.
func TestPushApprovalNeedsAStrongPhone(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	person(e, c, "+79120000096", "weak@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: "weak@example.ru", Password: goodPassword}, nil)
	keys := newBrowserKeys(t)
	if _, err := c.Do("POST", "/me/push", keys.subscription("https://push.example.net/x"), nil); err == nil || err.Code != shared.CodeNoFactor {
		t.Fatalf("subscribing from a password-only session: %+v", err)
	}
	d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	addPasskey(t, c, d, "Телефон")
	// The password-only session is no approver: push is not offered yet.
	var step shared.SecondFactorStep
	e.Client().Do("POST", "/login", shared.LoginRequest{Login: "weak@example.ru", Password: goodPassword}, &step)
	if slices.Contains(step.Methods, shared.FactorPush) {
		t.Fatalf("push offered with no phone able to approve: %v", step.Methods)
	}
	if _, err := e.Client().Do("POST", "/login/second-factor/push", shared.PushApprovalRequest{Ticket: step.Ticket}, nil); err == nil || err.Code != shared.CodeNoFactor {
		t.Fatalf("push request with no phone: %+v", err)
	}
}

// A decision on the phone — approve, decline, a wrong number — ends its
// app's wait for requests at once (the request leaves the list), so the
// «Кто-то входит в ваш кабинет» banner goes with it, not at the next
// re-read 10 s later.
func TestPushDecisionWakesThePhonesList(t *testing.T) {
	e := start(t, nil)
	_, d := phoneWithPasskey(t, e, "+79120000096", "decide@example.ru")
	phone := e.Client()
	if _, err := passkeyLogin(t, phone, d); err != nil {
		t.Fatalf("phone sign-in: %+v", err)
	}
	for _, decide := range []string{"approve", "deny", "wrong number"} {
		t.Run(decide, func(t *testing.T) {
			var req shared.QRTicket
			e.Client().MustOK("POST", "/login/second-factor/push",
				shared.PushApprovalRequest{Ticket: loginTicket(t, e.Client(), "decide@example.ru")}, &req)
			waited := make(chan time.Time, 1)
			go func() {
				var l shared.ApprovalList
				phone.MustOK("POST", "/me/approvals/wait", shared.ApprovalsWaitRequest{Seen: []string{req.ID}}, &l)
				if len(l.Items) != 0 {
					t.Errorf("after %s the list still has %+v", decide, l.Items)
				}
				waited <- time.Now()
			}()
			time.Sleep(300 * time.Millisecond) // the wait is in its handler
			decided := time.Now()
			switch decide {
			case "approve":
				phone.MustOK("POST", "/me/qr/"+req.ID+"/approve", shared.QRApproveRequest{Number: req.Number}, nil)
			case "deny":
				phone.MustOK("POST", "/me/qr/"+req.ID+"/deny", nil, nil)
			default:
				wrong := 10
				for wrong == req.Number {
					wrong++
				}
				if _, err := phone.Do("POST", "/me/qr/"+req.ID+"/approve", shared.QRApproveRequest{Number: wrong}, nil); err == nil || err.Code != shared.CodeQRDenied {
					t.Errorf("a wrong number: %+v, want %s", err, shared.CodeQRDenied)
				}
			}
			select {
			case at := <-waited:
				if took := at.Sub(decided); took > 2*time.Second {
					t.Errorf("the phone's list answered %v after the decision", took)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("the phone's list still waits 5 s after %s", decide)
			}
		})
	}
}
