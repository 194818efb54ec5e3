// Command xuezuo runs the xuezuo (学做) study-campaign platform.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"xuezuo/internal/cli"
)

// main runs the command line on os.Args; the first argument names the
// program in the messages (see cli.Run).
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
