package api

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// A long poll's context ends soon after its client closes the connection
// (a page aborting its wait), and not while the client waits for it.
func TestLongPollEndsWhenTheClientGoes(t *testing.T) {
	ended := make(chan time.Time, 1)
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/wait", func(c *fiber.Ctx) error {
		ctx, cancel := LongPoll(c)
		defer cancel()
		select {
		case <-ctx.Done():
			ended <- time.Now()
		case <-time.After(4 * time.Second):
		}
		return c.SendString("waited")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })

	t.Run("client stays", func(t *testing.T) {
		res, err := http.Get("http://" + ln.Addr().String() + "/wait")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		select {
		case <-ended:
			t.Fatal("the wait ended while its client waited")
		default:
		}
	})
	t.Run("client goes", func(t *testing.T) {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequestWithContext(context.Background(), "GET", "http://"+ln.Addr().String()+"/wait", nil)
		if err := req.Write(conn); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond) // the handler is waiting
		closedAt := time.Now()
		conn.Close()
		select {
		case at := <-ended:
			if d := at.Sub(closedAt); d > 2*peekEvery {
				t.Errorf("the wait ended %s after its client went", d)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("the wait went on after its client went")
		}
	})
}
