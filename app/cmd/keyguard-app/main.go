// Command keyguard-app is the keyguard GitHub App server. It is configured
// by environment variables; see the README's "GitHub App" section.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/keyguard-dev/keyguard/app/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := server.Run(ctx, os.Getenv, os.Stderr, nil)
	stop()
	os.Exit(code)
}
