package api

import (
	"bufio"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"kabinet/shared"
)

type echoRequest struct {
	Name string `json:"name"`
}

type echoResponse struct {
	Hello string `json:"hello"`
}

func echo(c *fiber.Ctx, req echoRequest) (echoResponse, error) {
	if req.Name == "conflict" {
		return echoResponse{}, shared.E(shared.CodeConflict)
	}
	return echoResponse{Hello: req.Name}, nil
}

func TestAdapters(t *testing.T) {
	app := fiber.New(fiber.Config{ErrorHandler: ErrorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)))})
	app.Post("/json", JSON(echo))
	app.Post("/created", Created(echo))
	app.Post("/empty", Empty(func(c *fiber.Ctx, req echoRequest) error {
		_, err := echo(c, req)
		return err
	}))
	app.Post("/nobody", JSON(func(c *fiber.Ctx, _ NoBody) (echoResponse, error) {
		return echoResponse{Hello: "nobody"}, nil
	}))
	app.Delete("/nobody", Empty(func(*fiber.Ctx, NoBody) error { return nil }))

	tests := []struct {
		name, method, path, body string
		status                   int
		want                     string // the answer's body, or the error's code
	}{
		{"json", "POST", "/json", `{"name":"Анна"}`, http.StatusOK, `{"hello":"Анна"}`},
		{"created", "POST", "/created", `{"name":"Анна"}`, http.StatusCreated, `{"hello":"Анна"}`},
		{"empty", "POST", "/empty", `{"name":"Анна"}`, http.StatusNoContent, ``},
		{"no body read", "POST", "/nobody", ``, http.StatusOK, `{"hello":"nobody"}`},
		{"no body, no content", "DELETE", "/nobody", ``, http.StatusNoContent, ``},
		{"a body is required", "POST", "/json", ``, http.StatusUnprocessableEntity, "invalid_input"},
		{"not JSON", "POST", "/created", `name=x`, http.StatusUnprocessableEntity, "invalid_input"},
		{"unknown field", "POST", "/empty", `{"nam":"x"}`, http.StatusUnprocessableEntity, "invalid_input"},
		{"checked text", "POST", "/json", `{"name":"a\u0000b"}`, http.StatusUnprocessableEntity, "invalid_input"},
		{"handler's error", "POST", "/created", `{"name":"conflict"}`, http.StatusConflict, "conflict"},
		{"handler's error, empty", "POST", "/empty", `{"name":"conflict"}`, http.StatusConflict, "conflict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tt.status, body)
			}
			got := string(body)
			if tt.status >= 400 {
				var e shared.Error
				if err := json.Unmarshal(body, &e); err != nil {
					t.Fatal(err)
				}
				got = string(e.Code)
			}
			if got != tt.want {
				t.Errorf("answer %s, want %s", got, tt.want)
			}
		})
	}
}

func TestQueryInt(t *testing.T) {
	app := fiber.New(fiber.Config{ErrorHandler: ErrorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)))})
	app.Get("/year", JSON(func(c *fiber.Ctx, _ NoBody) (int, error) {
		return QueryInt(c, "year", 2026, 2019, 2100)
	}))
	tests := []struct {
		query  string
		status int
		want   string // the number answered, or the field's code
	}{
		{"", http.StatusOK, "2026"},
		{"?year=2024", http.StatusOK, "2024"},
		{"?year=2019", http.StatusOK, "2019"},
		{"?year=2100", http.StatusOK, "2100"},
		{"?year=abc", http.StatusUnprocessableEntity, "bad_format"},
		{"?year=2018", http.StatusUnprocessableEntity, "bad_format"},
		{"?year=2101", http.StatusUnprocessableEntity, "bad_format"},
		{"?year=-1", http.StatusUnprocessableEntity, "bad_format"},
		{"?year=2024.5", http.StatusUnprocessableEntity, "bad_format"},
		{"?year=99999999999999999999", http.StatusUnprocessableEntity, "bad_format"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp, err := app.Test(httptest.NewRequest("GET", "/year"+tt.query, nil))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tt.status, body)
			}
			got := string(body)
			if tt.status >= 400 {
				var e shared.Error
				if err := json.Unmarshal(body, &e); err != nil {
					t.Fatal(err)
				}
				if e.Code != shared.CodeInvalidInput {
					t.Fatalf("code %s, want invalid_input", e.Code)
				}
				got = string(e.Fields["year"].Code)
			}
			if got != tt.want {
				t.Errorf("answer %s, want %s", got, tt.want)
			}
		})
	}
}

// A request that does not arrive within the read timeout is the client's
// or the network's slowness: 408 request_timeout, not a 500 «что-то пошло
// не так на нашей стороне» (seen in a loaded CI run).
func TestASlowRequestTimesOut(t *testing.T) {
	app := fiber.New(fiber.Config{ReadTimeout: 200 * time.Millisecond,
		ErrorHandler: ErrorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)))})
	app.Get("/x", func(c *fiber.Ctx) error { return c.SendString("x") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n")); err != nil { // the head never ends
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a request cut short: %v", err)
	}
	defer resp.Body.Close()
	var e shared.Error
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != http.StatusRequestTimeout || e.Code != shared.CodeRequestTimeout {
		t.Errorf("%d %+v (%v), want 408 request_timeout", resp.StatusCode, e, err)
	}
}
