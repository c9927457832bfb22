package feedbackweb

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/web/site"
)

// FeedbackInput is a citizen's submission, from the form or as the body
// of POST /api/v1/feedback.
type FeedbackInput struct {
	// Kind is suggestion, complaint or rating.
	Kind string `json:"kind"`
	// Suggestions and complaints.
	Department string            `json:"department,omitempty"`
	Subject    string            `json:"subject,omitempty"`
	Text       string            `json:"text,omitempty"`
	Anonymous  bool              `json:"anonymous,omitempty"`
	Contact    *feedback.Contact `json:"contact,omitempty"`
	// Ratings.
	CaseNo     string `json:"case_no,omitempty"`
	AccessCode string `json:"access_code,omitempty"`
	Level      string `json:"level,omitempty"`
	Comment    string `json:"comment,omitempty"`
}

// Created answers a submission.
type Created struct {
	Receipt string `json:"receipt"`
	Task    string `json:"task,omitempty"`
	Height  int64  `json:"height"`
	TxHash  string `json:"tx_hash"`
	URL     string `json:"url"`
}

// submitFeedback checks, seals and signs a citizen's submission with the
// gateway key. It is the one path for the form and the JSON API.
func (p *Portal) submitFeedback(ctx context.Context, client string, in FeedbackInput) (*Created, error) {
	gateway := p.Gateway()
	if gateway == nil {
		return nil, fmt.Errorf("%w: this node has no gateway account (%s)", site.ErrUnavailable, site.GatewayKeyName)
	}
	in.Kind = strings.TrimSpace(in.Kind)
	// The salt of the commitment that state keeps instead of the words.
	salt, err := feedback.NewSalt()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", site.ErrUnavailable, err)
	}
	var action string
	var payload interface{ Validate() error }
	switch in.Kind {
	case feedback.KindSuggestion, feedback.KindComplaint:
		sub := &feedback.Submit{Kind: in.Kind, Department: in.Department, Subject: strings.TrimSpace(in.Subject), Text: in.Text, Salt: salt, Anonymous: in.Anonymous}
		if !in.Anonymous {
			if in.Contact == nil || in.Contact.Empty() {
				return nil, site.ErrContact
			}
			if fe := checkContact(in.Contact); fe != nil {
				return nil, fe
			}
			d, err := identity.GetDepartment(p.n.Store.Committed(), in.Department)
			if err != nil {
				return nil, err
			}
			sealed, err := feedback.SealContact(p.suite, d.ID, d.EncryptionKey, *in.Contact)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", site.ErrUnavailable, err)
			}
			sub.ContactKey, sub.ContactData = hex.EncodeToString(sealed.Key), hex.EncodeToString(sealed.Data)
			sub.Participant = p.ParticipantHash(in.Contact.Phone, in.Contact.Email)
		}
		action, payload = "submit", sub
	case feedback.KindRating:
		check := p.CaseAccess()
		if check == nil {
			return nil, fmt.Errorf("%w: rating cases needs the case module", site.ErrUnavailable)
		}
		in.CaseNo = strings.TrimSpace(in.CaseNo)
		if in.CaseNo == "" || in.AccessCode == "" {
			return nil, fmt.Errorf("%w: case number and access code are required", site.ErrAccessCode)
		}
		if p.wrongCodeBlocked(client) {
			return nil, site.ErrTooManyWrongCodes
		}
		c, err := check(p.n.Store.Committed(), in.CaseNo, strings.TrimSpace(in.AccessCode))
		if err != nil {
			p.wrongCode(client)
			// Never tell which of number and code was wrong.
			return nil, site.ErrAccessCode
		}
		if !c.Completed {
			return nil, fmt.Errorf("%w: case %s", feedback.ErrCaseNotCompleted, in.CaseNo)
		}
		if prev, _ := feedback.RatingOf(p.n.Store.Committed(), in.CaseNo); prev != "" {
			return nil, fmt.Errorf("%w: receipt %s", feedback.ErrAlreadyRated, prev)
		}
		// The chain checks the citizen's authority itself: the token only
		// the access code yields (the code never leaves this node).
		token := workflow.RatingToken(p.suite, in.AccessCode)
		rate := &feedback.Rate{CaseNo: in.CaseNo, Level: in.Level, Comment: in.Comment, RatingToken: hex.EncodeToString(token)}
		if rate.Comment != "" {
			rate.Salt = salt
		}
		action, payload = "rate", rate
	default:
		return nil, site.BadRequest("kind must be suggestion, complaint or rating")
	}
	if err := payload.Validate(); err != nil {
		return nil, err
	}
	if !p.ipLimit.Allow(client) {
		return nil, site.ErrRateLimited
	}
	res, err := p.Send(ctx, gateway, "feedback", action, payload)
	if err != nil {
		return nil, err
	}
	receipt := feedback.ReceiptFor(in.Kind, res.Hash)
	out := &Created{Receipt: receipt, Height: res.Height, TxHash: hex.EncodeToString(res.Hash), URL: "/feedback/" + receipt}
	if it, err := feedback.GetItem(p.n.Store.Committed(), receipt); err == nil {
		out.Task = it.Task
	}
	return out, nil
}

// ItemView is a feedback item as the public sees it: never the contact
// details, and not the subject or text once a moderator hid it. The words
// come from the index (state keeps only TextHash); with Salt anyone can
// recompute TextHash and check it against the proven record.
type ItemView struct {
	Receipt    string               `json:"receipt"`
	Kind       string               `json:"kind"`
	Department string               `json:"department"`
	Subject    string               `json:"subject,omitempty"`
	Text       string               `json:"text,omitempty"`
	CaseNo     string               `json:"case_no,omitempty"`
	Level      string               `json:"level,omitempty"`
	Anonymous  bool                 `json:"anonymous"`
	HasContact bool                 `json:"has_contact"`
	Status     string               `json:"status"`
	Replies    []feedback.Reply     `json:"replies"`
	Hidden     *feedback.Moderation `json:"hidden,omitempty"`
	Task       *TaskView            `json:"task,omitempty"`
	Height     int64                `json:"height"`
	Time       time.Time            `json:"time"`
	TextHash   string               `json:"text_hash,omitempty"`
	// TextUnavailable: not hidden, but this node's index has no words for
	// the item (its block store lacks the tx: a home restored from a
	// backup or joined by state sync after the item).
	TextUnavailable bool   `json:"text_unavailable,omitempty"`
	Salt            string `json:"salt,omitempty"`
	Key             string `json:"key"`
	Proof           string `json:"proof_url"`
}

// TaskView is a rectification task with its proof link.
type TaskView struct {
	*feedback.Task
	Overdue bool   `json:"overdue"`
	Key     string `json:"key"`
	Proof   string `json:"proof_url"`
}

func (p *Portal) itemView(ctx context.Context, receipt string) (*ItemView, *feedback.Item, error) {
	st := p.n.Store.Committed()
	it, err := feedback.GetItem(st, receipt)
	if err != nil {
		return nil, nil, err
	}
	key := string(feedback.ItemKey(it.Receipt))
	v := &ItemView{Receipt: it.Receipt, Kind: it.Kind, Department: it.Department, Subject: it.Subject, CaseNo: it.CaseNo,
		Level: it.Level, Anonymous: it.Anonymous, HasContact: it.HasContact(), Status: it.Status, Replies: it.Replies, Hidden: it.Hidden,
		Height: it.Height, Time: it.Time, TextHash: hex.EncodeToString(it.TextHash), Key: key, Proof: site.ProofPath(key)}
	if v.Replies == nil {
		v.Replies = []feedback.Reply{}
	}
	if w := p.itemText(ctx, it); w != nil {
		if it.Kind != feedback.KindRating {
			v.Subject = w.Subject
		}
		v.Text, v.Salt = w.Body, hex.EncodeToString(w.Salt)
	} else if it.Hidden == nil && len(it.TextHash) > 0 {
		v.TextUnavailable = true
	}
	if it.Task != "" {
		if t, err := feedback.GetTask(st, it.Task); err == nil {
			v.Task = p.taskView(t)
		}
	}
	return v, it, nil
}

func (p *Portal) taskView(t *feedback.Task) *TaskView {
	key := string(feedback.TaskKey(t.ID))
	return &TaskView{Task: t, Overdue: t.Overdue(p.Now()), Key: key, Proof: site.ProofPath(key)}
}

// itemText is an item's words as the index holds them, checked against the
// commitment in state: nothing once hidden, nothing if the index does not
// hold them (yet) or they do not match.
func (p *Portal) itemText(ctx context.Context, it *feedback.Item) *feedback.Text {
	if it.Hidden != nil || len(it.TextHash) == 0 {
		return nil
	}
	// A submission redirects here as soon as its block commits; give the
	// indexer a moment to catch up.
	wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	_ = p.n.WaitIndexed(wctx, it.Height)
	cancel()
	w, ok, err := feedback.IndexedText(p.n.Index.DB(), it.Receipt)
	if err != nil || !ok {
		if err != nil {
			p.log.Warn("feedback text", "receipt", it.Receipt, "err", err)
		}
		return nil
	}
	if !bytes.Equal(w.Commitment(p.suite), it.TextHash) {
		p.log.Error("feedback text in the index does not match its commitment", "receipt", it.Receipt)
		return nil
	}
	return w
}
