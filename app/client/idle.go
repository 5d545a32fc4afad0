package client

import (
	"time"

	"kabinet/shared"
)

// Idle is the session's idle clock in local time. The server decides the
// timeouts; the browser only counts down from what the server said, measured
// against the server's clock (IdleExpiresAt − ServerTime) so that a wrong
// local clock does not matter.
type Idle struct {
	Known    bool          // a SessionInfo has been seen since the last sign-out
	Window   time.Duration // the idle timeout: how far activity pushes the expiry
	Expires  time.Time     // local time when the session goes idle
	Absolute time.Time     // local time of the absolute expiry (no extension)
	Warn     time.Duration // show the warning this long before Expires
}

// Remaining is the pure computation of the idle countdown: the time left
// before the session in info goes idle, at local time now, when info was
// received at local time receivedAt.
//
//	remaining = IdleExpiresAt − ServerTime − (now − receivedAt)
func Remaining(info shared.SessionInfo, receivedAt, now time.Time) time.Duration {
	return info.IdleExpiresAt.Sub(info.ServerTime) - now.Sub(receivedAt)
}

// IdleFrom builds the idle clock from a fresh SessionInfo.
func IdleFrom(info shared.SessionInfo, receivedAt time.Time) Idle {
	idle := Idle{
		Known:   true,
		Window:  info.IdleExpiresAt.Sub(info.ServerTime),
		Expires: receivedAt.Add(Remaining(info, receivedAt, receivedAt)),
		Warn:    time.Duration(info.WarnSeconds) * time.Second,
	}
	if !info.ExpiresAt.IsZero() {
		idle.Absolute = receivedAt.Add(info.ExpiresAt.Sub(info.ServerTime))
	}
	return idle
}

// Touched returns the clock after a successful request answered at local
// time at: the server extended the session by its idle window.
func (i Idle) Touched(at time.Time) Idle {
	if !i.Known {
		return i
	}
	if e := at.Add(i.Window); e.After(i.Expires) {
		i.Expires = e
	}
	return i
}

// Left is the time left at local time now before the session ends, idle or
// absolute, whichever comes first. Extending cannot help when Final says so.
func (i Idle) Left(now time.Time) time.Duration {
	left := i.Expires.Sub(now)
	if !i.Absolute.IsZero() {
		if a := i.Absolute.Sub(now); a < left {
			left = a
		}
	}
	if left < 0 {
		left = 0
	}
	return left
}

// Final reports whether the absolute lifetime, not inactivity, ends the
// session first: "continue" would not help.
func (i Idle) Final() bool {
	return !i.Absolute.IsZero() && !i.Absolute.After(i.Expires)
}

// Warning reports whether the warning should be on screen at local time now.
func (i Idle) Warning(now time.Time) bool {
	return i.Known && i.Left(now) <= i.Warn
}
