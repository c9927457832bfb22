package feedback

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// State keys owned by this module.
const (
	itemPrefix = "feedback/item/" // feedback/item/<receipt>
	taskPrefix = "feedback/task/" // feedback/task/<id>
	casePrefix = "feedback/case/" // feedback/case/<case no> → receipt of its rating
)

// ItemKey is the state key of a feedback item.
func ItemKey(receipt string) []byte { return []byte(itemPrefix + receipt) }

// TaskKey is the state key of a rectification task.
func TaskKey(id string) []byte { return []byte(taskPrefix + id) }

// CaseKey marks a case as rated; its value is the rating's receipt.
func CaseKey(caseNo string) []byte { return []byte(casePrefix + caseNo) }

// GetItem loads an item.
func GetItem(r store.Reader, receipt string) (*Item, error) {
	b, err := r.Get(ItemKey(receipt))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: no receipt %q", ErrNotFound, receipt)
	}
	var it Item
	if err := module.UnmarshalState(b, &it); err != nil {
		return nil, fmt.Errorf("corrupt feedback item %s: %w", receipt, err)
	}
	return &it, nil
}

// GetTask loads a rectification task.
func GetTask(r store.Reader, id string) (*Task, error) {
	b, err := r.Get(TaskKey(id))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %q", ErrTaskNotFound, id)
	}
	var t Task
	if err := module.UnmarshalState(b, &t); err != nil {
		return nil, fmt.Errorf("corrupt task %s: %w", id, err)
	}
	return &t, nil
}

// RatingOf returns the receipt of a case's rating, or "" if unrated.
func RatingOf(r store.Reader, caseNo string) (string, error) {
	b, err := r.Get(CaseKey(caseNo))
	return string(b), err
}

func putItem(kv store.KV, it *Item) error {
	b, err := module.MarshalState(it)
	if err != nil {
		return err
	}
	return kv.Set(ItemKey(it.Receipt), b)
}

func putTask(kv store.KV, t *Task) error {
	b, err := module.MarshalState(t)
	if err != nil {
		return err
	}
	return kv.Set(TaskKey(t.ID), b)
}
