package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"filippo.io/age"

	"github.com/ncbnet/ncbnet/client"
)

// msgCommands are the secure messaging subcommands.
func msgCommands() []command {
	return []command{
		{name: "send", summary: "send a message (with an idempotency key, so that a retry never sends twice)", run: runMsgSend,
			example: "ncbnet msg send --to DEU --subject \"Stolen Renoir\" --body \"Left Marseille on the 12th.\" --handling H1 --priority urgent"},
		{name: "inbox", summary: "list received messages (--sent: the ones sent)", run: runMsgInbox,
			example: "ncbnet msg inbox --state delivered"},
		{name: "read", summary: "show a message, checking its signature (decrypting it with --identity FILE), and mark it read", run: runMsgRead,
			args: "ID [flags]", example: "ncbnet msg read MESSAGE_ID --identity deu.age"},
		{name: "ack", summary: "acknowledge a received message", run: runMsgAck,
			args: "ID [flags]", example: "ncbnet msg ack MESSAGE_ID"},
		{name: "keygen", summary: "append a new age identity to --out FILE and print its public key", run: func(_ context.Context, args []string, out io.Writer) error { return runMsgKeygen(args, out) },
			example: "ncbnet msg keygen --out deu.age"},
		{name: "publish-key", summary: "publish the public key of the last identity in --identity FILE as --bureau's encryption key", run: runMsgPublishKey,
			example: "ncbnet msg publish-key --bureau DEU --identity deu.age"},
	}
}

// refList is a repeatable --ref type:id flag.
type refList []client.MessageReference

func (r *refList) String() string {
	if r == nil {
		return ""
	}
	s := make([]string, len(*r))
	for i, ref := range *r {
		s[i] = ref.Type + ":" + ref.ID
	}
	return strings.Join(s, ",")
}

func (r *refList) Set(v string) error {
	typ, id, ok := strings.Cut(v, ":")
	if !ok || typ == "" || id == "" {
		return fmt.Errorf("a reference is type:id, e.g. case:FR-2026-0042")
	}
	*r = append(*r, client.MessageReference{Type: typ, ID: id})
	return nil
}

// sendAttempts is how many times send tries when the node cannot be reached
// or fails on its side; the idempotency key makes a retry safe.
const sendAttempts = 3

func runMsgSend(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("msg send")
	f.register(fs)
	to := fs.String("to", "", "recipients, comma-separated: ISO3 codes, unit:<id>, region:<name>, secretariat or all")
	subject := fs.String("subject", "", "subject (not encrypted, even with --encrypt)")
	body := fs.String("body", "", "the text of the message")
	bodyFile := fs.String("body-file", "", "read the text from this file (- for standard input)")
	priority := fs.String("priority", "", "routine (default), urgent or flash")
	handling := fs.String("handling", "", "handling code: H0, H1, H2 or H3 (may be left out for a reply)")
	handlingNote := fs.String("handling-note", "", "the restrictions of H3")
	var refs refList
	fs.Var(&refs, "ref", "a record, hit, notice, stop-payment, message or case it refers to, as type:id (repeatable)")
	replyTo := fs.String("reply-to", "", "ID of the message this one answers")
	forward := fs.String("forward", "", "ID of a message to pass on (its text and files go along; --body is then your note)")
	var attach fileList
	fs.Var(&attach, "attach", "a file to attach: .pdf, .jpg, .png, .txt, .csv, or .age (encrypted) (repeatable)")
	encrypt := fs.Bool("encrypt", false, "encrypt the body end to end to the recipients' published keys")
	key := fs.String("key", "", "idempotency key (default: a random one, printed)")
	asJSON := fs.Bool("json", false, "print the whole message as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{fmt.Sprintf("unexpected argument %q (put the text in --body or --body-file)", fs.Arg(0))}
	}
	if *body != "" && *bodyFile != "" {
		return usageError{"give either --body or --body-file, not both"}
	}
	text := *body
	if *bodyFile != "" {
		in := io.Reader(os.Stdin)
		if *bodyFile != "-" {
			file, err := os.Open(*bodyFile)
			if err != nil {
				return err
			}
			defer file.Close()
			in = file
		}
		b, err := io.ReadAll(io.LimitReader(in, 1<<20))
		if err != nil {
			return fmt.Errorf("read %s: %w", *bodyFile, err)
		}
		text = string(b)
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	idem := *key
	if idem == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return fmt.Errorf("make an idempotency key: %w", err)
		}
		idem = hex.EncodeToString(b)
	}
	n := client.NewMessage{
		To: splitList(*to), Subject: *subject, Body: text, Priority: *priority,
		HandlingCode: *handling, HandlingNote: *handlingNote, References: []client.MessageReference(refs),
		Encrypt: *encrypt, ReplyTo: *replyTo, ForwardOf: *forward, Key: idem,
	}
	for _, name := range attach {
		a, err := uploadFile(ctx, c, name)
		if err != nil {
			return err
		}
		n.Attachments = append(n.Attachments, client.MessageAttachment{SHA256: a.SHA256, Name: filepath.Base(name)})
	}
	m, err := sendWithRetry(ctx, c, n)
	if err != nil {
		if !isClientError(err) || retryable(err) {
			// The outcome is unknown: the same key sends it at most once.
			return fmt.Errorf("%w\nthe message may or may not have been sent: run the command again with --key %s to make sure it is sent once", err, idem)
		}
		return err
	}
	if *asJSON {
		if *key == "" {
			fmt.Fprintf(stderr, "idempotency key: %s\n", idem)
		}
		return writeJSON(out, m)
	}
	fmt.Fprintf(out, "message:  %s\nthread:   %s\nkey:      %s\n", m.ID, m.ThreadID, idem)
	if m.Encrypted {
		fmt.Fprintln(out, "encrypted end to end")
	}
	return printRecipients(out, m.Recipients)
}

// fileList collects repeated --attach flags.
type fileList []string

func (l *fileList) String() string { return strings.Join(*l, ",") }

func (l *fileList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// attachmentTypes are the media types of the files messages carry, by
// extension.
var attachmentTypes = map[string]string{
	".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
	".txt": "text/plain", ".csv": "text/csv", ".age": "application/vnd.age",
}

// uploadFile uploads a file to attach, its type told by its extension (the
// node checks the content agrees).
func uploadFile(ctx context.Context, c *client.Client, name string) (client.MessageAttachment, error) {
	mediaType, ok := attachmentTypes[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return client.MessageAttachment{}, usageError{fmt.Sprintf("%s: attach .pdf, .jpg, .png, .txt, .csv or .age files", name)}
	}
	content, err := os.ReadFile(name)
	if err != nil {
		return client.MessageAttachment{}, err
	}
	a, err := c.UploadAttachment(ctx, mediaType, content)
	if err != nil {
		return client.MessageAttachment{}, fmt.Errorf("attach %s: %w", name, err)
	}
	return a, nil
}

// sendWithRetry sends n, trying again (with the same idempotency key) when
// the node cannot be reached or fails on its side.
func sendWithRetry(ctx context.Context, c *client.Client, n client.NewMessage) (client.Message, error) {
	for attempt := 1; ; attempt++ {
		m, err := c.SendMessage(ctx, n)
		if err == nil || attempt == sendAttempts || ctx.Err() != nil || (isClientError(err) && !retryable(err)) {
			return m, err
		}
		wait := time.Duration(attempt) * time.Second
		var ce *client.Error
		if errors.As(err, &ce) && ce.RetryAfter > wait {
			wait = ce.RetryAfter
		}
		select {
		case <-ctx.Done():
			return m, err
		case <-time.After(wait):
		}
	}
}

func isClientError(err error) bool {
	var ce *client.Error
	return errors.As(err, &ce)
}

// retryable reports whether an API error is worth retrying: the node was
// overloaded or failed, the request itself was fine.
func retryable(err error) bool {
	var ce *client.Error
	return errors.As(err, &ce) && (ce.Status >= 500 || ce.Status == 429)
}

func runMsgInbox(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("msg inbox")
	f.register(fs)
	sent := fs.Bool("sent", false, "list the messages sent instead")
	state := fs.String("state", "", "only messages in this state: queued, delivered, read or acknowledged")
	priority := fs.String("priority", "", "only messages of this priority: routine, urgent or flash")
	thread := fs.String("thread", "", "only the messages of this thread")
	escalated := fs.Bool("escalated", false, "only those escalated for want of an acknowledgement (a supervisor's list)")
	limit := fs.Int("limit", 50, "at most this many messages (1 to 1000)")
	cursor := fs.String("cursor", "", "the page after this cursor (printed when there are more)")
	asJSON := fs.Bool("json", false, "print the page as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	q := client.InboxQuery{State: *state, Priority: *priority, Thread: *thread, Escalated: *escalated}
	if *sent {
		q.Box = "sent"
	}
	p, err := c.Inbox(ctx, q, client.ListOptions{Limit: *limit, Cursor: *cursor})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, p)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	if *sent {
		fmt.Fprintln(tw, "ID\tCREATED\tFROM\tPRIORITY\tHANDLING\tSUBJECT")
	} else {
		fmt.Fprintln(tw, "ID\tCREATED\tFROM\tPRIORITY\tHANDLING\tSTATE\tSUBJECT")
	}
	for _, s := range p.Items {
		subject := clean(s.Subject)
		if s.Encrypted {
			subject += " (encrypted)"
		}
		from := s.Sender.Bureau
		created := s.CreatedAt.UTC().Format(time.RFC3339)
		if *sent {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, created, from, s.Priority, s.HandlingCode, subject)
			continue
		}
		state := "-"
		if s.Recipient != nil && s.Recipient.State != "" {
			state = s.Recipient.State
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, created, from, s.Priority, s.HandlingCode, state, subject)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d messages\n", len(p.Items))
	if p.NextCursor != nil {
		fmt.Fprintf(out, "more: --cursor %s\n", *p.NextCursor)
	}
	return nil
}

// handlingMeaning says what a handling code allows.
var handlingMeaning = map[string]string{
	"H0": "usable for any law-enforcement purpose",
	"H1": "not to be used as evidence without the sender's permission",
	"H2": "not to be passed on without the sender's permission",
	"H3": "other restrictions, stated in the handling note",
}

// readView is what msg read --json prints: the message, and what the
// command found out about it.
type readView struct {
	client.Message
	DecryptedBody    string `json:"decrypted_body,omitempty"`
	VerifiedByClient bool   `json:"verified_by_client"`
	VerifyError      string `json:"verify_error,omitempty"`
	MarkedRead       bool   `json:"marked_read"`
}

func runMsgRead(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("msg read")
	f.register(fs)
	identity := fs.String("identity", "", "the bureau's age identity file, to decrypt an encrypted message")
	save := fs.String("save", "", "save the message's attachments in this folder (checked against their hashes)")
	asJSON := fs.Bool("json", false, "print the message as JSON")
	id, err := parseWithID(fs, args, "msg read")
	if err != nil {
		return err
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	m, err := c.Message(ctx, id)
	if err != nil {
		return err
	}
	v := readView{Message: m}
	if m.Encrypted {
		if *identity == "" {
			return fmt.Errorf("message %s is encrypted end to end: give your bureau's age identity file with --identity FILE (or NCBNET_IDENTITY)", m.ID)
		}
		ids, err := readIdentityFile(*identity)
		if err != nil {
			return err
		}
		if v.DecryptedBody, err = client.DecryptMessage(m, ids); err != nil {
			return fmt.Errorf("message %s does not open with the identities in %s: %w", m.ID, *identity, err)
		}
	}
	verr := c.VerifyMessage(ctx, m)
	v.VerifiedByClient = verr == nil
	if verr != nil {
		v.VerifyError = verr.Error()
	}
	// Mark it read when the caller is a recipient (not when it sent it).
	recipients := m.Recipients
	if me, err := c.Me(ctx); err != nil {
		return err
	} else if _, ok := ownRecipient(me, m); ok {
		read, err := c.MarkRead(ctx, m.ID)
		if err != nil {
			return err
		}
		recipients, v.MarkedRead = read.Recipients, true
		v.Recipients = read.Recipients
	}
	if *asJSON {
		if err := writeJSON(out, v); err != nil {
			return err
		}
	} else {
		printMessage(out, v, recipients)
	}
	if !m.Signature.Verified || verr != nil {
		return fmt.Errorf("message %s: its signature does not hold: do not trust its content", m.ID)
	}
	if *save != "" {
		return saveAttachments(ctx, c, m, *save, out)
	}
	return nil
}

// saveAttachments downloads a message's files into dir, each under its
// name without any folder, never over an existing file.
func saveAttachments(ctx context.Context, c *client.Client, m client.Message, dir string, out io.Writer) error {
	for _, a := range m.Attachments {
		b, err := c.AttachmentContent(ctx, m.ID, a.SHA256)
		if err != nil {
			return err
		}
		// The name is another bureau's: no folder, no drive or stream
		// (":"), nothing hidden.
		base := strings.TrimLeft(strings.ReplaceAll(filepath.Base(filepath.Clean("/"+a.Name)), ":", "_"), ".")
		if base == "" || base == "/" {
			base = a.SHA256
		}
		name := filepath.Join(dir, base)
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		_, werr := f.Write(b)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(name)
			return werr
		}
		fmt.Fprintf(out, "saved %s (%d bytes)\n", clean(name), len(b))
	}
	return nil
}

func printMessage(out io.Writer, v readView, recipients []client.MessageRecipient) {
	m := v.Message
	fmt.Fprintf(out, "message:   %s\n", m.ID)
	thread := m.ThreadID
	if m.ReplyTo != "" {
		thread += " (reply to " + m.ReplyTo + ")"
	}
	fmt.Fprintf(out, "thread:    %s\n", thread)
	from := m.Sender.Bureau
	if m.Sender.Name != "" || m.Sender.ID != "" {
		from += " — " + clean(firstNonEmpty(m.Sender.Name, m.Sender.ID))
	}
	if m.Sender.UnitID != "" {
		from += " (unit " + m.Sender.UnitID + ")"
	}
	fmt.Fprintf(out, "from:      %s\n", from)
	fmt.Fprintf(out, "to:        %s\n", clean(strings.Join(m.To, ", ")))
	fmt.Fprintf(out, "sent:      %s\n", m.CreatedAt.UTC().Format(time.RFC3339))
	fmt.Fprintf(out, "subject:   %s\n", clean(m.Subject))
	fmt.Fprintf(out, "priority:  %s\n", m.Priority)
	handling := m.HandlingCode
	if meaning := handlingMeaning[m.HandlingCode]; meaning != "" {
		handling += " — " + meaning
	}
	fmt.Fprintf(out, "handling:  %s\n", handling)
	if m.HandlingNote != "" {
		fmt.Fprintf(out, "note:      %s\n", clean(m.HandlingNote))
	}
	if len(m.References) > 0 {
		refs := make([]string, len(m.References))
		for i, r := range m.References {
			refs[i] = clean(r.Type + ":" + r.ID)
		}
		fmt.Fprintf(out, "refs:      %s\n", strings.Join(refs, ", "))
	}
	if m.Signature.Verified {
		fmt.Fprintf(out, "signature: verified by the node (%s, key version %d)\n", m.Signature.Bureau, m.Signature.KeyVersion)
	} else {
		fmt.Fprintf(out, "signature: !!! SIGNATURE DOES NOT MATCH: the message was changed after it was sent !!!\n")
	}
	if v.VerifiedByClient {
		fmt.Fprintf(out, "           verified here too, against %s's published signing key version %d\n", m.Signature.Bureau, m.Signature.KeyVersion)
	} else {
		fmt.Fprintf(out, "           !!! NOT VERIFIED HERE: %s !!!\n", clean(v.VerifyError))
	}
	if m.Encrypted {
		fmt.Fprintln(out, "encrypted: yes, end to end (decrypted here)")
	}
	for _, a := range m.Attachments {
		fmt.Fprintf(out, "attached:  %s (%s, %d bytes, sha256 %s)\n", clean(a.Name), a.MediaType, a.Size, a.SHA256)
	}
	body := m.Body
	if m.Encrypted {
		body = v.DecryptedBody
	}
	fmt.Fprintf(out, "\n%s\n", strings.TrimRight(cleanBody(body), "\n"))
	fmt.Fprintln(out)
	if v.MarkedRead {
		fmt.Fprintln(out, "marked read")
	}
	printRecipients(out, recipients)
}

func runMsgAck(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("msg ack")
	f.register(fs)
	id, err := parseWithID(fs, args, "msg ack")
	if err != nil {
		return err
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	m, err := c.Acknowledge(ctx, id)
	if err != nil {
		return err
	}
	me, err := c.Me(ctx)
	if err != nil {
		return err
	}
	r, ok := ownRecipient(me, m)
	if !ok {
		fmt.Fprintf(out, "message %s acknowledged\n", m.ID)
		return nil
	}
	fmt.Fprintf(out, "message %s: %s", m.ID, r.State)
	if r.AckedAt != nil {
		fmt.Fprintf(out, " at %s", r.AckedAt.UTC().Format(time.RFC3339))
		if r.AckedBy != "" {
			fmt.Fprintf(out, " by %s", r.AckedBy)
		}
	}
	fmt.Fprintln(out)
	return nil
}

// runMsgKeygen makes a new age X25519 identity and appends it to --out,
// keeping the identities already there so that what was encrypted to them
// still opens after a rotation.
func runMsgKeygen(args []string, out io.Writer) error {
	fs := newFlags("msg keygen")
	file := fs.String("out", "", "the identity file to append the new identity to (created with mode 0600)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *file == "" {
		return usageError{"--out FILE is required"}
	}
	if fs.NArg() != 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if fi, err := os.Lstat(*file); err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", *file)
	}
	fh, err := os.OpenFile(*file, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%s is open to its group or others (mode %04o): a private key goes in a file only its owner can read (chmod 600 %s)", *file, fi.Mode().Perm(), *file)
	}
	old, err := io.ReadAll(fh)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(old)) > 0 {
		if _, err := age.ParseIdentities(bytes.NewReader(old)); err != nil {
			return fmt.Errorf("%s is not an age identity file; not appending to it: %w", *file, err)
		}
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return err
	}
	var b strings.Builder
	if len(old) > 0 && old[len(old)-1] != '\n' {
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "# created: %s\n# public key: %s\n%s\n", time.Now().UTC().Format(time.RFC3339), id.Recipient(), id)
	if _, err := fh.WriteString(b.String()); err != nil {
		return err
	}
	if err := fh.Sync(); err != nil {
		return err
	}
	if err := fh.Close(); err != nil {
		return err
	}
	fmt.Fprintln(out, id.Recipient())
	return nil
}

// runMsgPublishKey publishes the public half of the last identity of an
// identity file as a bureau's current encryption key.
func runMsgPublishKey(ctx context.Context, args []string, out io.Writer) error {
	var f remoteFlags
	fs := newFlags("msg publish-key")
	f.register(fs)
	bureau := fs.String("bureau", "", "the bureau (ISO3 code, or secretariat)")
	identity := fs.String("identity", "", "the bureau's age identity file: its last identity is published")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *bureau == "" || *identity == "" {
		return usageError{"--bureau and --identity are required"}
	}
	if fs.NArg() != 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	text, err := readIdentityFile(*identity)
	if err != nil {
		return err
	}
	ids, err := age.ParseIdentities(strings.NewReader(text))
	if err != nil {
		return fmt.Errorf("read %s: %w", *identity, err)
	}
	last, ok := ids[len(ids)-1].(*age.X25519Identity)
	if !ok {
		return fmt.Errorf("the last identity in %s is not an age X25519 identity", *identity)
	}
	c, err := f.client(true)
	if err != nil {
		return err
	}
	keys, err := c.PublishEncryptionKey(ctx, *bureau, last.Recipient().String())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "published %s as %s's encryption key\n", last.Recipient(), keys.Bureau)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tPUBLIC KEY\tCREATED\tBY\tRETIRED")
	for _, k := range keys.Encryption {
		retired := "-"
		if k.RetiredAt != nil {
			retired = k.RetiredAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", k.Version, k.PublicKey, k.CreatedAt.UTC().Format(time.RFC3339), k.CreatedBy, retired)
	}
	return tw.Flush()
}

// readIdentityFile reads an age identity file, refusing one that others
// may read.
func readIdentityFile(name string) (string, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return "", err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("%s is open to its group or others (mode %04o): chmod 600 %s", name, fi.Mode().Perm(), name)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// parseWithID parses flags given before or after an ID, the one positional
// argument.
func parseWithID(fs *flag.FlagSet, args []string, path string) (string, error) {
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	switch fs.NArg() {
	case 0:
		return "", usageError{fmt.Sprintf("usage: ncbnet %s ID [flags]", path)}
	case 1:
		return fs.Arg(0), nil
	}
	return "", usageError{fmt.Sprintf("give one ID, not also %q", fs.Arg(1))}
}

// ownRecipient returns the recipient row the caller acts on: its bureau's
// when it works at the bureau's NCB (or the Secretariat), its unit's
// otherwise.
func ownRecipient(me client.Me, m client.Message) (client.MessageRecipient, bool) {
	party, unit := me.Country, me.UnitID
	switch me.UnitKind {
	case "secretariat":
		party, unit = "secretariat", ""
	case "ncb":
		unit = ""
	}
	for _, r := range m.Recipients {
		if strings.EqualFold(r.Bureau, party) && r.UnitID == unit {
			return r, true
		}
	}
	return client.MessageRecipient{}, false
}

func printRecipients(out io.Writer, rs []client.MessageRecipient) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "BUREAU\tUNIT\tSTATE")
	for _, r := range rs {
		unit, state := r.UnitID, r.State
		if unit == "" {
			unit = "-"
		}
		if state == "" {
			state = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Bureau, unit, state)
	}
	return tw.Flush()
}

func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// splitList splits a comma-separated list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// clean replaces control characters (terminal escapes included) in text
// that came from elsewhere, before it reaches the terminal.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}

// cleanBody is clean keeping line breaks and tabs.
func cleanBody(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r == '\r' {
			return -1
		}
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}
