// Package atomicfile replaces files so that a reader, or the node after a
// crash, sees the old content or the new, never a part: the audit log's
// anchor, an edge node's snapshots and queue.
//
// It never leaves a temporary file behind on a failure it sees; one left by
// a crash starts with TempPrefix, for its owner to clear.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// TempPrefix starts the name of the temporary file Write makes beside path.
const TempPrefix = ".tmp-"

// Write replaces the file at path with data (mode 0600): written to a
// temporary file in the same folder, synced, renamed over path, and the
// folder synced so that the rename survives a crash.
func Write(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, TempPrefix+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return SyncDir(dir)
}

// SyncDir makes a rename or creation in dir durable. Systems that cannot
// sync a folder (EINVAL) already order it themselves.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}
