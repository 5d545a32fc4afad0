package api

import (
	"context"
	"net"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"
)

// peekEvery is how often a long poll looks whether its client is still
// connected.
const peekEvery = time.Second

// LongPoll returns the context of a handler that holds its request open
// until something changes (a long poll): it ends when the client closes
// the connection, or with cancel. fasthttp reads nothing from a connection
// while its handler runs and gives the handler no sign of the client
// going, so a wait whose page was closed or left went on to its end; here
// the connection is peeked at (never read) every second instead. Behind
// TLS terminated by this process the peek sees nothing and the wait runs
// to its end as before.
func LongPoll(c *fiber.Ctx) (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithCancel(c.UserContext())
	conn := c.Context().Conn()
	go func() {
		t := time.NewTicker(peekEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if closed(conn) {
					cancel()
					return
				}
			}
		}
	}()
	return ctx, cancel
}

// closed reports whether the peer has closed the TCP connection: a peek
// that finds the end of the stream or a reset. Data waiting (a next
// request) and "nothing yet" mean it is open.
func closed(conn net.Conn) bool {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	var gone bool
	if err := raw.Control(func(fd uintptr) { gone = peekEOF(fd) }); err != nil {
		return true // the server closed it meanwhile
	}
	return gone
}
