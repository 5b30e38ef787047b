package edge

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ncbnet/ncbnet/internal/atomicfile"
)

// The folder holds one snapshot and the deltas applied since, under names
// that say their seqs (zero-padded so they sort), and nothing else: the state
// is rebuilt from these signed files at every start rather than from a local
// cache nobody signed.
const (
	tmpPrefix = atomicfile.TempPrefix
	suffix    = ".edge"
)

func snapshotName(seq uint64) string { return fmt.Sprintf("snapshot-%020d%s", seq, suffix) }

func deltaName(base, seq uint64) string {
	return fmt.Sprintf("delta-%020d-%020d%s", base, seq, suffix)
}

type folder struct {
	snapshot    string // newest snapshot, "" if none
	snapshotSeq uint64
	deltas      map[uint64]string // by base seq
}

// listFiles reads the folder's names. The seqs in names only choose the
// order of loading: every file is verified and its note decides.
func listFiles(dir string) (*folder, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	f := &folder{deltas: map[uint64]string{}}
	for _, e := range ents {
		name := e.Name()
		if !e.Type().IsRegular() {
			continue
		}
		if seqs, ok := parseName(name, "snapshot-"); ok && len(seqs) == 1 {
			if f.snapshot == "" || seqs[0] > f.snapshotSeq {
				f.snapshot, f.snapshotSeq = name, seqs[0]
			}
		} else if seqs, ok := parseName(name, "delta-"); ok && len(seqs) == 2 {
			if other, ok := f.deltas[seqs[0]]; ok {
				return nil, fmt.Errorf("two deltas from seq %d: %s and %s", seqs[0], other, name)
			}
			f.deltas[seqs[0]] = name
		}
	}
	return f, nil
}

// parseName reads the seqs of a name written by snapshotName or deltaName.
func parseName(name, prefix string) ([]uint64, bool) {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return nil, false
	}
	rest, ok = strings.CutSuffix(rest, suffix)
	if !ok {
		return nil, false
	}
	var seqs []uint64
	for part := range strings.SplitSeq(rest, "-") {
		n, err := strconv.ParseUint(part, 10, 64)
		if err != nil || len(part) != 20 {
			return nil, false
		}
		seqs = append(seqs, n)
	}
	return seqs, true
}

// removeSuperseded deletes what the newest snapshot replaced and temporary
// files a crash left. A failure leaves a file the next Open removes again;
// the state is already safe, so it is not reported.
func (c *Copy) removeSuperseded() {
	f, err := listFiles(c.dir)
	if err != nil {
		return
	}
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := e.Name()
		snap, isSnap := parseName(name, "snapshot-")
		delta, isDelta := parseName(name, "delta-")
		if strings.HasPrefix(name, tmpPrefix) ||
			isSnap && len(snap) == 1 && snap[0] < f.snapshotSeq ||
			isDelta && len(delta) == 2 && delta[0] < f.snapshotSeq {
			os.Remove(filepath.Join(c.dir, name))
		}
	}
}
