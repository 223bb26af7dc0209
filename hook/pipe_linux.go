package hook

import (
	"os"
	"syscall"
)

// growPipe asks Linux for a 1 MiB pipe buffer (F_SETPIPE_SZ): git writes
// a blob stream in 4 KiB pieces, and a bigger buffer lets each read take
// many of them at once instead of one system call per piece.
func growPipe(f *os.File) {
	const setPipeSize = 1031 // F_SETPIPE_SZ
	if rc, err := f.SyscallConn(); err == nil {
		rc.Control(func(fd uintptr) {
			syscall.Syscall(syscall.SYS_FCNTL, fd, setPipeSize, 1<<20)
		})
	}
}
