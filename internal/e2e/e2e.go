// Package e2e holds the browser tests: each starts the real program with
// app.New on 127.0.0.1:0 over a temporary database and drives Debian's
// chromium through chromedp at phone width. They skip where chromium is absent.
package e2e
