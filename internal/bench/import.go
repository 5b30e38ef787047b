package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// ImportConfig sets up an import benchmark.
type ImportConfig struct {
	// Docs is how many synthetic travel documents to import.
	Docs int
	Seed uint64
	// DB is the store (default: a fresh SQLite file in a temporary folder).
	DB string
	// CPUProfile, when set, receives a CPU profile of the import alone.
	CPUProfile io.Writer
}

// ImportResult is what an import benchmark measured.
type ImportResult struct {
	Docs      int
	FileBytes int64
	Elapsed   time.Duration
	PerSecond float64
	Report    records.ImportReport
}

// Import measures a bulk import through a whole node: it writes Docs
// synthetic travel documents to an NDJSON file (not timed), opens a node on
// a fresh data folder, and imports the file as an officer of FRA's NCB
// (read, parse, validate, commit in batches with their audit entries, and
// the node's indexes told of every record).
func Import(ctx context.Context, cfg ImportConfig) (ImportResult, error) {
	if cfg.Docs < 1 {
		return ImportResult{}, errors.New("bench import: docs must be positive")
	}
	dir, err := os.MkdirTemp("", "ncbnet-bench-import-")
	if err != nil {
		return ImportResult{}, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "sltd.ndjson")
	if err := writeSynth(file, cfg); err != nil {
		return ImportResult{}, err
	}
	in, err := os.Open(file)
	if err != nil {
		return ImportResult{}, err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return ImportResult{}, err
	}
	n, err := app.Open(ctx, app.Config{DataDir: dir, DB: cfg.DB, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "bench"})
	if err != nil {
		return ImportResult{}, err
	}
	defer n.Close()
	ncb, err := member.NCBOf(ctx, n.DB, "FRA")
	if err != nil {
		return ImportResult{}, err
	}
	officer := access.Principal{ID: "bench-import", Name: "bench.import", Country: "FRA", UnitID: ncb.ID, UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}
	if cfg.CPUProfile != nil {
		if err := pprof.StartCPUProfile(cfg.CPUProfile); err != nil {
			return ImportResult{}, err
		}
	}
	start := time.Now()
	rep, err := n.Records.Import(ctx, officer, "sltd", records.FormatNDJSON, in, nil)
	elapsed := time.Since(start)
	if cfg.CPUProfile != nil {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return ImportResult{}, fmt.Errorf("bench import: %w", err)
	}
	if rep.Created != cfg.Docs {
		return ImportResult{}, fmt.Errorf("bench import: %d of %d documents created: %+v", rep.Created, cfg.Docs, rep.Errors[:min(len(rep.Errors), 3)])
	}
	return ImportResult{Docs: cfg.Docs, FileBytes: st.Size(), Elapsed: elapsed, PerSecond: float64(cfg.Docs) / elapsed.Seconds(), Report: rep}, nil
}

func writeSynth(path string, cfg ImportConfig) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := synth.Write(out, synth.TravelDocuments{Country: "FRA"}, synth.NDJSON, cfg.Seed, 0, cfg.Docs); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
