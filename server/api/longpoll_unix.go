//go:build linux || darwin || freebsd

package api

import "syscall"

// peekEOF peeks one byte without waiting: 0 bytes is the end of the
// stream; a reset or another error than "nothing yet" is a gone peer.
func peekEOF(fd uintptr) bool {
	var b [1]byte
	n, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	switch {
	case err == nil:
		return n == 0
	case err == syscall.EAGAIN || err == syscall.EINTR:
		return false
	default:
		return true
	}
}
