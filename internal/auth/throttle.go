package auth

import (
	"sync"
	"time"
)

// throttleEvery is how often one key's refusals are audited.
const throttleEvery = time.Minute

// throttle answers whether an event of a key should be recorded now: the
// first of each minute is, the rest are not. It forgets old keys, so its size
// stays bounded by the keys seen in the last minute.
type throttle struct {
	mu   sync.Mutex
	last map[string]time.Time
}

func (t *throttle) allow(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.last == nil {
		t.last = map[string]time.Time{}
	}
	if prev, ok := t.last[key]; ok && now.Sub(prev) < throttleEvery {
		return false
	}
	if len(t.last) > 10000 {
		for k, at := range t.last {
			if now.Sub(at) >= throttleEvery {
				delete(t.last, k)
			}
		}
	}
	t.last[key] = now
	return true
}
