package main

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// runsNode names the commands that run a node (or a benchmark of one):
// tuneGC applies to them.
var runsNode = map[string]bool{"serve": true, "demo": true, "edge": true, "bench": true}

// gcPercent is the node's default GOGC. A node's heap is mostly its
// indexes, built once and then read; what each request allocates is small
// beside them. The collector's work per cycle grows with the live heap,
// and cycles come each time the heap grows by gcPercent of it: at 400
// rather than Go's 100 they come a quarter as often. Measured with 10 M
// documents and 1 M persons indexed (docs/PERFORMANCE.md, three paired
// runs): the p99 of checks down by a third each time; their rate within
// the runs' noise.
const gcPercent = 400

// tuneGC sets the collector for a node, unless the operator set GOGC or
// GOMEMLIMIT: GOGC 400, and a soft memory limit of three quarters of the
// memory the machine (or its cgroup) has, so that the larger headroom never
// becomes the reason the process runs out.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		if total := memoryAvailable(); total > 0 {
			debug.SetMemoryLimit(total / 4 * 3)
		}
	}
}

// memoryAvailable returns the bytes of memory the process may use: the
// cgroup's limit when there is one, else the machine's; 0 when unknown.
func memoryAvailable() int64 {
	total := memTotal()
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if limit, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && limit > 0 && (total == 0 || limit < total) {
			return limit
		}
	}
	return total
}

// memTotal reads MemTotal from /proc/meminfo (Linux); 0 elsewhere.
func memTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
