// Package crashtest holds the crash test of the real program: it builds
// cmd/xuezuo, runs `xuezuo serve` under concurrent writers, kills it with
// SIGKILL at a random moment, restarts it on the same data and checks that
// every write acknowledged with 201 is there and that the kept counters and
// rollups equal a computation from the rows. Only tests live here.
package crashtest
