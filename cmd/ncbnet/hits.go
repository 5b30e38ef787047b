package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

// hitsCommands are the subcommands of hits.
func hitsCommands() []command {
	return []command{
		{name: "list", summary: "list the hits on your bureau's records (--checks: the hits of your own checks, with the owner's answer)", run: runHitsList,
			about: listingAbout, example: "ncbnet hits list\nncbnet hits list --checks --all"},
		{name: "confirm", summary: "answer a check's hit on your bureau's record: it is the one in front of the officer, and stands", run: runHitsConfirm,
			args: "HIT_ID [--note TEXT]", example: "ncbnet hits confirm HIT_ID --note 'Hold him: an extradition request follows'"},
		{name: "deny", summary: "answer a check's hit on your bureau's record: it is not the one", run: runHitsDeny,
			args: "HIT_ID [--note TEXT]", example: "ncbnet hits deny HIT_ID --note 'Not our subject: born 1971'"},
		{name: "watch", summary: "follow the hits live until interrupted (--checks: those of your checks and their answers)", run: runHitsWatch,
			about: watchAbout, example: "ncbnet hits watch\nncbnet hits watch --checks --json | jq ."},
	}
}

const watchAbout = `Prints a line for each event: a new hit, its confirmation (the owner's
answer) or its escalation (no answer by the deadline); --json prints each
as the API's JSON on one line (the event is told by answered_at and
escalated_at). A stream that breaks is opened again; hits made while it was
down are not replayed (ncbnet hits list shows them). Stops on Ctrl-C
(exit 0).`

func runHitsList(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	var l listFlags
	fs := newFlags("hits list")
	f.register(fs)
	l.register(fs, "hits")
	country := fs.String("country", "", "the bureau whose records' hits are listed (ISO3; default your own)")
	checks := fs.Bool("checks", false, "list the hits of your own checks (an NCB: its bureau's) with the owner's answer")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *checks && *country != "" {
		return usageError{"--country lists a bureau's records' hits: not with --checks"}
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	if *checks {
		p, err := pages(ctx, l.all, l.options(fs), c.CheckedHits)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(out, p)
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "HIT\tTIME\tDATABASE\tRECORD\tOWNER\tACTION\tURGENCY\tDEADLINE\tANSWER\tBY\tNOTE")
		for _, h := range p.Items {
			fmt.Fprintln(tw, checkedHitRow(h))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(out, "%d hits of your checks\n", len(p.Items))
		printMore(out, p.NextCursor)
		return nil
	}
	p, err := pages(ctx, l.all, l.options(fs), func(ctx context.Context, o client.ListOptions) (client.Page[client.Hit], error) {
		return c.Hits(ctx, *country, o)
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, p)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "HIT\tTIME\tSOURCE\tDATABASE\tRECORD\tBY\tPURPOSE\tURGENCY\tDEADLINE\tANSWER")
	for _, h := range p.Items {
		fmt.Fprintln(tw, hitRow(h))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d hits\n", len(p.Items))
	printMore(out, p.NextCursor)
	return nil
}

// hitRow is a hit on the bureau's records as a row of tab-separated cells.
func hitRow(h client.Hit) string {
	by := h.Searcher.Country
	if by == "" {
		by = "network"
	}
	by += " " + h.Searcher.UnitKind
	if h.Searcher.Name != "" {
		by += " (" + h.Searcher.Name + ")"
	}
	return strings.Join([]string{h.ID, stamp(h.Time), h.Source, h.Database, h.RecordID, clean(by), h.Purpose,
		orDash(h.Urgency), stampOf(h.Deadline), answerText(h.Confirmation, h.EscalatedAt)}, "\t")
}

// checkedHitRow is a hit of the caller's checks as a row of cells.
func checkedHitRow(h client.CheckedHit) string {
	by := "-"
	if h.AnsweredBy != nil {
		by = h.AnsweredBy.Bureau
		if h.AnsweredBy.Unit != "" {
			by += " (" + h.AnsweredBy.Unit + ")"
		}
	}
	database, record, owner := h.Database, h.RecordID, h.Owner
	if h.Referred {
		database, record, owner = "refer: contact your NCB", "-", "-"
	}
	return strings.Join([]string{h.HitID, stamp(h.Time), orDash(database), orDash(record), orDash(owner), orDash(strings.Join(h.Action, ",")),
		orDash(h.Urgency), stampOf(h.Deadline), answerText(h.Confirmation, h.EscalatedAt), clean(by), orDash(clean(h.Note))}, "\t")
}

// answerText is where the owner's answer stands.
func answerText(confirmation string, escalated *time.Time) string {
	s := orDash(confirmation)
	if escalated != nil {
		s += ", escalated " + stamp(*escalated)
	}
	return s
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func stampOf(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return stamp(*t)
}

func runHitsConfirm(ctx context.Context, args []string, out io.Writer) error {
	return answerHit(ctx, "hits confirm", "confirmed", args, out)
}

func runHitsDeny(ctx context.Context, args []string, out io.Writer) error {
	return answerHit(ctx, "hits deny", "denied", args, out)
}

// answerHit gives the owner's answer to a check's hit.
func answerHit(ctx context.Context, path, answer string, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags(path)
	f.register(fs)
	note := fs.String("note", "", "what the checking side should do next; it reads the note with the answer")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	id, err := parseWithID(fs, args, path)
	if err != nil {
		return err
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	h, err := c.ConfirmHit(ctx, id, answer, *note)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, h)
	}
	fmt.Fprintf(out, "hit %s %s", h.ID, h.Confirmation)
	if h.AnsweredAt != nil {
		fmt.Fprintf(out, " at %s", stamp(*h.AnsweredAt))
	}
	if by := strings.TrimSpace(h.AnsweredBy + " " + h.AnsweredUnit); by != "" {
		fmt.Fprintf(out, " by %s", clean(by))
	}
	fmt.Fprintf(out, ": the checking side is told\n")
	if h.Note != "" {
		fmt.Fprintf(out, "note: %s\n", clean(h.Note))
	}
	return nil
}

func runHitsWatch(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("hits watch")
	f.register(fs)
	country := fs.String("country", "", "the bureau whose records' hits are followed (ISO3; default your own)")
	checks := fs.Bool("checks", false, "follow the hits of your own checks and their answers instead")
	asJSON := fs.Bool("json", false, "print each event as the API's JSON, one a line")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *checks && *country != "" {
		return usageError{"--country follows a bureau's records' hits: not with --checks"}
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	if *checks {
		open := func(ctx context.Context, last string) (<-chan client.CheckedHit, error) {
			return c.StreamCheckedHitsFrom(ctx, last)
		}
		return follow(ctx, "the hits of your checks", open, func(h client.CheckedHit) string { return h.HitID }, func(h client.CheckedHit) error {
			if *asJSON {
				return enc.Encode(h)
			}
			_, err := fmt.Fprintf(out, "%s %s %s\n", eventOf(h.AnsweredAt, h.EscalatedAt), h.HitID, checkedHitLine(h))
			return err
		})
	}
	open := func(ctx context.Context, last string) (<-chan client.Hit, error) {
		return c.StreamHitsFrom(ctx, *country, last)
	}
	return follow(ctx, "the hits on your bureau's records", open, func(h client.Hit) string { return h.ID }, func(h client.Hit) error {
		if *asJSON {
			return enc.Encode(h)
		}
		_, err := fmt.Fprintf(out, "%s %s %s\n", eventOf(h.AnsweredAt, h.EscalatedAt), h.ID, hitLine(h))
		return err
	})
}

// eventOf names what a pushed hit tells, as the stream's events do.
func eventOf(answered, escalated *time.Time) string {
	switch {
	case answered != nil:
		return "confirmation"
	case escalated != nil:
		return "escalation"
	}
	return "hit"
}

func hitLine(h client.Hit) string {
	by := h.Searcher.Country
	if by == "" {
		by = "network"
	}
	s := fmt.Sprintf("%s record %s: by %s %s (%s) for %s, matched %s", h.Database, h.RecordID, by, h.Searcher.UnitKind, h.Searcher.Name, h.Purpose, strings.Join(h.Matched, ", "))
	if h.Source == "check" {
		s += fmt.Sprintf("; %s, answer by %s: %s", orDash(h.Urgency), stampOf(h.Deadline), answerText(h.Confirmation, h.EscalatedAt))
	}
	if h.Note != "" {
		s += "; note: " + h.Note
	}
	return clean(s)
}

func checkedHitLine(h client.CheckedHit) string {
	var s string
	if h.Referred {
		s = "refer: contact your NCB"
	} else {
		s = fmt.Sprintf("%s record %s of %s: %s, %s, answer by %s", h.Database, h.RecordID, h.Owner, orDash(strings.Join(h.Action, ",")), orDash(h.Urgency), stampOf(h.Deadline))
	}
	s += "; " + answerText(h.Confirmation, h.EscalatedAt)
	if h.AnsweredBy != nil {
		s += " by " + strings.TrimSpace(h.AnsweredBy.Bureau+" "+h.AnsweredBy.Unit)
	}
	if h.Note != "" {
		s += "; note: " + h.Note
	}
	return clean(s)
}

// followPause is the first pause before a stream is opened again; it
// doubles up to half a minute while the stream will not open.
var followPause = time.Second

// follow prints what a stream sends until ctx ends, opening it again when
// it breaks, after the newest hit it printed (idOf: hit IDs sort by time),
// so that the hits stored meanwhile come first; it gives up on an answer
// that opening again cannot change (a token no longer valid, a role that
// may not follow).
func follow[T any](ctx context.Context, what string, open func(ctx context.Context, last string) (<-chan T, error), idOf func(T) string, print func(T) error) error {
	last := ""
	const maxPause = 30 * time.Second
	pause := followPause
	// drain prints what one opening of the stream sends; its reader
	// stops with it.
	drain := func() (opened bool, err error) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ch, err := open(ctx, last)
		if err != nil {
			return false, err
		}
		fmt.Fprintf(stderr, "following %s (Ctrl-C to stop)\n", what)
		for v := range ch {
			if err := print(v); err != nil {
				return true, err
			}
			last = max(last, idOf(v))
		}
		return true, nil
	}
	for {
		opened, err := drain()
		switch {
		case ctx.Err() != nil:
			return nil
		case opened && err != nil:
			return err
		case opened:
			pause = followPause
			fmt.Fprintf(stderr, "the stream of %s ended: opening it again after the last hit shown\n", what)
		case isClientError(err) && !retryable(err):
			return err
		default:
			fmt.Fprintf(stderr, "cannot follow %s (%v): trying again in %s\n", what, err, pause)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(pause):
		}
		pause = min(2*pause, maxPause)
	}
}
