package main

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
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
// GOMEMLIMIT: GOGC 400 with a soft memory limit of three quarters of the
// memory the process may use (its cgroup's limit, or the machine's), so
// that the larger headroom never becomes the reason it runs out. When that
// memory is unknown, Go's defaults stay.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	total := memoryAvailable()
	if total <= 0 {
		return
	}
	debug.SetMemoryLimit(total / 4 * 3)
	debug.SetGCPercent(gcPercent)
}

// memoryAvailable returns the bytes of memory the process may use: the
// tightest limit of its cgroup and the cgroups above it (v2, or v1's memory
// controller), else the machine's; 0 when unknown.
func memoryAvailable() int64 {
	total := memTotal()
	for _, limit := range cgroupLimits() {
		if limit > 0 && (total == 0 || limit < total) {
			total = limit
		}
	}
	return total
}

// cgroupLimits reads the memory limits of the process's cgroup and its
// ancestors, from /proc/self/cgroup and /sys/fs/cgroup.
func cgroupLimits() []int64 {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return nil
	}
	var out []int64
	read := func(file string) {
		if v, err := os.ReadFile(file); err == nil {
			if n, err := strconv.ParseInt(strings.TrimSpace(string(v)), 10, 64); err == nil && n > 0 {
				out = append(out, n)
			}
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		// hierarchy-ID:controllers:path; v2 has "0::path".
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			for dir := parts[2]; ; dir = filepath.Dir(dir) {
				read(filepath.Join("/sys/fs/cgroup", dir, "memory.max"))
				if dir == "/" || dir == "." {
					break
				}
			}
		case slices.Contains(strings.Split(parts[1], ","), "memory"):
			read(filepath.Join("/sys/fs/cgroup/memory", parts[2], "memory.limit_in_bytes"))
		}
	}
	return out
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
