package pgembed

import "syscall"

// sysProcAttr runs a child as owner (when set) in its own process group, so
// terminal signals aimed at us do not reach it and Stop can kill the whole
// group, and makes the kernel send it SIGQUIT (immediate shutdown) if the
// thread that started it dies, so a crashed or killed parent leaves no
// server behind. Go sets the parent-death signal after switching
// credentials, so the switch does not clear it. The kernel ties the signal
// to the starting OS thread: do not call Start from a goroutine that has
// locked its thread and will exit, or postgres stops with that goroutine.
func sysProcAttr(owner *account) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGQUIT}
	if owner != nil {
		attr.Credential = &syscall.Credential{Uid: uint32(owner.uid), Gid: uint32(owner.gid)}
	}
	return attr
}
