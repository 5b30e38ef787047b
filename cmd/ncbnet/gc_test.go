package main

import (
	"runtime/debug"
	"testing"
)

// tuneGC sets GOGC 400 and a memory limit below the machine's memory, and
// leaves both alone when the operator set them.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuneGC()
	total := memoryAvailable()
	if total <= 0 {
		t.Skip("this machine does not say how much memory it has")
	}
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Fatalf("GOGC %d, want %d", got, gcPercent)
	}
	if limit := debug.SetMemoryLimit(-1); limit <= 0 || limit >= total {
		t.Fatalf("memory limit %d with %d bytes available", limit, total)
	}
	t.Setenv("GOGC", "150")
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(1 << 40)
	tuneGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GOGC set by the operator was changed to %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Fatalf("GOMEMLIMIT set by the operator was changed to %d", got)
	}
}
