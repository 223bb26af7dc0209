// Command keyguard finds secrets in files, directories and git changes.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/keyguard-dev/keyguard/hook"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := hook.Main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
