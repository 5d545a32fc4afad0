//go:build !(js && wasm)

package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"kabinet/shared"
)

func TestErrorDecoding(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		code    shared.Code
		retry   int
		fields  []string
	}{
		{"typed error with fields", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnprocessableEntity)
			json.NewEncoder(w).Encode(shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"passport.series": {Code: shared.CodePassportSeries}}})
		}, shared.CodeInvalidInput, 0, []string{"passport.series"}},
		{"rate limit from the body", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusTooManyRequests)
			json.NewEncoder(w).Encode(shared.Error{Code: shared.CodeRateLimited, RetryAfter: 42})
		}, shared.CodeRateLimited, 42, nil},
		{"rate limit from the header", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusTooManyRequests)
		}, shared.CodeRateLimited, 30, nil},
		{"not JSON", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusBadGateway)
		}, shared.CodeUnavailable, 0, nil},
		{"401 without body", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
		}, shared.CodeUnauthenticated, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			_, err := noWait(NewHTTP(srv.URL, srv.Client()), nil).Me(context.Background())
			e, ok := shared.AsError(err)
			if !ok {
				t.Fatalf("error %v is not a *shared.Error", err)
			}
			if e.Code != tt.code || e.RetryAfter != tt.retry {
				t.Errorf("got %s retry %d, want %s retry %d", e.Code, e.RetryAfter, tt.code, tt.retry)
			}
			for _, f := range tt.fields {
				if _, ok := e.Fields[f]; !ok {
					t.Errorf("field %s lost: %v", f, e.Fields)
				}
			}
		})
	}
}

func TestNetworkFailureIsUnavailable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	var waits []time.Duration
	_, err := noWait(NewHTTP(url, shortClient()), &waits).Session(context.Background())
	if len(waits) != maxRetries {
		t.Errorf("a read was tried %d times, want %d", len(waits)+1, maxRetries+1)
	}
	if got := shared.ErrorCode(err); got != shared.CodeUnavailable {
		t.Errorf("code %s, want %s", got, shared.CodeUnavailable)
	}
}

func shortClient() *http.Client { return &http.Client{Timeout: 2 * time.Second} }

func TestRequestsCarryHeadersAndJSON(t *testing.T) {
	var got *http.Request
	var body shared.LoginRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		json.NewDecoder(r.Body).Decode(&body)
		json.NewEncoder(w).Encode(shared.SessionInfo{Account: shared.Account{FirstName: "Анна"}})
	}))
	defer srv.Close()
	c := NewHTTP(srv.URL, srv.Client())
	c.SetLang("en")
	s, step, err := c.Login(context.Background(), shared.LoginRequest{Login: "+79123456789", Password: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if step != nil {
		t.Errorf("a 200 answer read as a second-factor step: %+v", step)
	}
	if s.Account.FirstName != "Анна" {
		t.Errorf("answer not decoded: %+v", s)
	}
	if got.URL.Path != "/api/v1/login" || got.Method != http.MethodPost {
		t.Errorf("request %s %s", got.Method, got.URL.Path)
	}
	for h, want := range map[string]string{shared.AppHeader: shared.AppHeaderValue, "Accept-Language": "en", "Content-Type": "application/json"} {
		if v := got.Header.Get(h); v != want {
			t.Errorf("header %s = %q, want %q", h, v, want)
		}
	}
	if body.Login != "+79123456789" {
		t.Errorf("body %+v", body)
	}
}

func TestIdleClockFollowsTheServer(t *testing.T) {
	serverNow := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if r.URL.Path == "/api/v1/session" {
			json.NewEncoder(w).Encode(shared.SessionInfo{
				ServerTime:    serverNow,
				IdleExpiresAt: serverNow.Add(15 * time.Minute),
				ExpiresAt:     serverNow.Add(12 * time.Hour),
				WarnSeconds:   60,
			})
			return
		}
		if r.URL.Path == "/api/v1/me" {
			json.NewEncoder(w).Encode(shared.Account{})
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()

	local := time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC) // a wrong local clock must not matter
	c := NewHTTP(srv.URL, srv.Client())
	c.now = func() time.Time { return local }
	if _, err := c.Session(context.Background()); err != nil {
		t.Fatal(err)
	}
	idle := c.Idle()
	if got := idle.Left(local); got != 15*time.Minute {
		t.Errorf("left after /session = %v, want 15m", got)
	}
	if idle.Warning(local.Add(13 * time.Minute)) {
		t.Errorf("warning 2 minutes before the end")
	}
	if !idle.Warning(local.Add(14*time.Minute + 30*time.Second)) {
		t.Errorf("no warning 30 s before the end")
	}

	// Any successful call extends the session by the idle window.
	local = local.Add(10 * time.Minute)
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := c.Idle().Left(local); got != 15*time.Minute {
		t.Errorf("left after activity = %v, want 15m", got)
	}

	// A 401 forgets the session.
	if err := c.ChangePassword(context.Background(), shared.PasswordChangeRequest{}); shared.ErrorCode(err) != shared.CodeUnauthenticated {
		t.Fatalf("want unauthenticated, got %v", err)
	}
	if c.Idle().Known {
		t.Errorf("idle clock survived a 401")
	}
}

func TestRemaining(t *testing.T) {
	server := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	received := time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)
	info := shared.SessionInfo{ServerTime: server, IdleExpiresAt: server.Add(2 * time.Minute)}
	tests := []struct {
		name  string
		after time.Duration
		want  time.Duration
	}{
		{"just received", 0, 2 * time.Minute},
		{"half way", time.Minute, time.Minute},
		{"past the end", 3 * time.Minute, -time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Remaining(info, received, received.Add(tt.after)); got != tt.want {
				t.Errorf("Remaining = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFinalWhenAbsoluteComesFirst(t *testing.T) {
	server := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	now := time.Now()
	idle := IdleFrom(shared.SessionInfo{ServerTime: server, IdleExpiresAt: server.Add(15 * time.Minute), ExpiresAt: server.Add(5 * time.Minute)}, now)
	if !idle.Final() {
		t.Errorf("absolute expiry first, but not final")
	}
	if got := idle.Left(now); got != 5*time.Minute {
		t.Errorf("left = %v, want 5m", got)
	}
}

func TestLoginSecondFactorStep(t *testing.T) {
	serverNow := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	var finish shared.SecondFactorRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/login":
			w.WriteHeader(http.StatusAccepted)
			json.NewEncoder(w).Encode(shared.SecondFactorStep{Ticket: "t1", Methods: []string{shared.FactorTOTP, shared.FactorRecovery}, ExpiresAt: serverNow.Add(5 * time.Minute)})
		case "/api/v1/login/second-factor":
			json.NewDecoder(r.Body).Decode(&finish)
			if finish.Code != "123456" {
				w.WriteHeader(http.StatusUnprocessableEntity)
				json.NewEncoder(w).Encode(shared.Error{Code: shared.CodeCodeInvalid, Fields: map[string]shared.FieldError{"code": {Code: shared.CodeCodeInvalid, Message: "2 attempts left"}}})
				return
			}
			json.NewEncoder(w).Encode(shared.SessionInfo{Account: shared.Account{FirstName: "Анна"}, ServerTime: serverNow, IdleExpiresAt: serverNow.Add(15 * time.Minute)})
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	c := NewHTTP(srv.URL, srv.Client())
	s, step, err := c.Login(context.Background(), shared.LoginRequest{Login: "+79123456789", Password: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if step == nil || step.Ticket != "t1" || len(step.Methods) != 2 {
		t.Fatalf("step %+v, session %+v", step, s)
	}
	if c.Idle().Known {
		t.Errorf("idle clock started before the second factor")
	}
	_, err = c.LoginSecondFactor(context.Background(), shared.SecondFactorRequest{Ticket: step.Ticket, Method: shared.FactorTOTP, Code: "000000"})
	if e, ok := shared.AsError(err); !ok || e.Code != shared.CodeCodeInvalid || e.Fields["code"].Message != "2 attempts left" {
		t.Errorf("wrong code: %v", err)
	}
	s, err = c.LoginSecondFactor(context.Background(), shared.SecondFactorRequest{Ticket: step.Ticket, Method: shared.FactorTOTP, Code: "123456"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Account.FirstName != "Анна" || finish.Ticket != "t1" || finish.Method != shared.FactorTOTP {
		t.Errorf("session %+v, request %+v", s, finish)
	}
	if !c.Idle().Known {
		t.Errorf("idle clock not started by the session")
	}
}

func TestFactorCalls(t *testing.T) {
	var calls []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls = append(calls, r.Method+" "+r.URL.Path)
		switch r.Method + " " + r.URL.Path {
		case "GET /api/v1/me/factors":
			json.NewEncoder(w).Encode(shared.Factors{TOTP: true, RecoveryLeft: 3, Required: true})
		case "POST /api/v1/me/totp":
			json.NewEncoder(w).Encode(shared.TOTPEnrolment{Secret: "ABCD EFGH", QR: "data:image/png;base64,AA=="})
		case "POST /api/v1/me/totp/confirm", "POST /api/v1/me/recovery-codes":
			json.NewEncoder(w).Encode(shared.RecoveryCodes{Codes: []string{"aaaa-bbbb"}})
		case "DELETE /api/v1/me/totp":
			w.WriteHeader(http.StatusForbidden)
			json.NewEncoder(w).Encode(shared.Error{Code: shared.CodeStepUpRequired})
		case "POST /api/v1/me/step-up":
			var in shared.SecondFactorRequest
			json.NewDecoder(r.Body).Decode(&in)
			if in.Method != shared.FactorRecovery || in.Code != "aaaa-bbbb" || in.Ticket != "" {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			json.NewEncoder(w).Encode(shared.SessionInfo{StepUpUntil: time.Now().Add(5 * time.Minute)})
		}
	}))
	defer srv.Close()
	c := NewHTTP(srv.URL, srv.Client())
	ctx := context.Background()
	if f, err := c.Factors(ctx); err != nil || !f.TOTP || f.RecoveryLeft != 3 {
		t.Errorf("factors %+v %v", f, err)
	}
	if e, err := c.StartTOTP(ctx); err != nil || e.Secret != "ABCD EFGH" {
		t.Errorf("enrolment %+v %v", e, err)
	}
	if rc, err := c.ConfirmTOTP(ctx, "123456"); err != nil || len(rc.Codes) != 1 {
		t.Errorf("confirm %+v %v", rc, err)
	}
	if err := c.RemoveTOTP(ctx); shared.ErrorCode(err) != shared.CodeStepUpRequired {
		t.Errorf("remove: %v", err)
	}
	if s, err := c.StepUp(ctx, shared.FactorRecovery, "aaaa-bbbb"); err != nil || s.StepUpUntil.IsZero() {
		t.Errorf("step-up %+v %v", s, err)
	}
	if rc, err := c.RenewRecoveryCodes(ctx); err != nil || len(rc.Codes) != 1 {
		t.Errorf("renew %+v %v", rc, err)
	}
	if len(calls) != 6 {
		t.Errorf("calls %v", calls)
	}
}

// noWait makes c retry at once, noting each wait it was asked for.
func noWait(c *Client, waits *[]time.Duration) *Client {
	c.sleep = func(_ context.Context, d time.Duration) error {
		if waits != nil {
			*waits = append(*waits, d)
		}
		return nil
	}
	return c
}

// Reads are sent again while the server is unavailable, after its
// Retry-After or a doubling backoff; writes and other errors are not.
func TestUnavailableReadsAreRetried(t *testing.T) {
	unavailable := func(w http.ResponseWriter, retry string) {
		if retry != "" {
			w.Header().Set("Retry-After", retry)
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(shared.Error{Code: shared.CodeUnavailable})
	}
	tests := []struct {
		name      string
		failures  int    // answers before the server is back
		status    int    // of those answers
		retry     string // their Retry-After
		write     bool   // POST /login instead of GET /me
		wantCalls int
		wantWaits []time.Duration
		wantCode  shared.Code
	}{
		{"back after a restart", 2, 503, "5", false, 3, []time.Duration{5 * time.Second, 5 * time.Second}, ""},
		{"backoff without Retry-After", 2, 503, "", false, 3, []time.Duration{time.Second, 2 * time.Second}, ""},
		{"a long Retry-After is capped", 1, 503, "60", false, 2, []time.Duration{maxBackoff}, ""},
		{"gives up", 10, 503, "", false, 4, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, shared.CodeUnavailable},
		{"a gateway's 502 counts", 1, 502, "", false, 2, []time.Duration{time.Second}, ""},
		{"writes are not repeated", 1, 503, "5", true, 1, nil, shared.CodeUnavailable},
		{"internal errors are not repeated", 1, 500, "", false, 1, nil, shared.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls++
				switch {
				case calls > tt.failures:
					json.NewEncoder(w).Encode(shared.SessionInfo{})
				case tt.status == http.StatusServiceUnavailable:
					unavailable(w, tt.retry)
				default:
					w.WriteHeader(tt.status)
				}
			}))
			defer srv.Close()
			var waits []time.Duration
			c := noWait(NewHTTP(srv.URL, srv.Client()), &waits)
			var err error
			if tt.write {
				_, _, err = c.Login(context.Background(), shared.LoginRequest{Login: "+79123456789", Password: "x"})
			} else {
				_, err = c.Me(context.Background())
			}
			if got := codeOrNone(err); got != tt.wantCode || calls != tt.wantCalls || !slices.Equal(waits, tt.wantWaits) {
				t.Errorf("got %q after %d calls, waits %v; want %q after %d, waits %v",
					got, calls, waits, tt.wantCode, tt.wantCalls, tt.wantWaits)
			}
		})
	}
}

// A wait between retries ends with the caller's context (a page left).
func TestRetryWaitEndsWithTheContext(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := NewHTTP(srv.URL, srv.Client()).Me(ctx)
	if shared.ErrorCode(err) != shared.CodeUnavailable || calls != 1 || time.Since(began) > 2*time.Second {
		t.Errorf("got %v after %d calls in %v", err, calls, time.Since(began))
	}
}

func codeOrNone(err error) shared.Code {
	if err == nil {
		return ""
	}
	return shared.ErrorCode(err)
}

// TestLongPollsAreMarked: the two waits the server holds open reach the
// transport marked as long polls (the browser's aborts them when the page
// is left and does not send them from a hidden page); nothing else is.
func TestLongPollsAreMarked(t *testing.T) {
	marked := map[string]bool{}
	c := newClient("http://kabinet.test", func(ctx context.Context, method, url string, header Header, body []byte) (response, error) {
		path := strings.TrimPrefix(url, "http://kabinet.test"+shared.APIPrefix)
		marked[path] = isLongPoll(ctx)
		return response{status: 200, header: Header{}, body: []byte("{}")}, nil
	})
	ctx := context.Background()
	if _, err := c.WaitApprovals(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitQR(ctx, "0b6c", "secret", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Approval(ctx, "0b6c"); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"/me/approvals/wait?passive=1": true,
		"/login/qr/0b6c/wait":          true,
		"/me/approvals/0b6c":           false,
	}
	for path, long := range want {
		got, sent := marked[path]
		if !sent {
			t.Errorf("%s was not sent (sent: %v)", path, marked)
		} else if got != long {
			t.Errorf("%s: long poll %v, want %v", path, got, long)
		}
	}
}
