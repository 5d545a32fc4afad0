//go:build unix && !linux

package pgembed

import "syscall"

// sysProcAttr runs a child as owner (when set) in its own process group.
// Without Linux's parent-death signal a killed parent can leave the server
// running; Stop remains the way to end it.
func sysProcAttr(owner *account) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if owner != nil {
		attr.Credential = &syscall.Credential{Uid: uint32(owner.uid), Gid: uint32(owner.gid)}
	}
	return attr
}
