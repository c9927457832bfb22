package participation

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// State keys owned by this module. Ids are zero-padded so key order is
// numeric order.
const (
	storyPrefix    = "participation/story/"    // <id %020d> → Story
	activityPrefix = "participation/activity/" // <id %020d> → Activity
	signupPrefix   = "participation/signup/"   // <receipt> → Signup
	visitPrefix    = "participation/visit/"    // <rectification task id> → Visit
	seqPrefix      = "participation/seq/"      // <kind> → last id (uint64 big-endian)
)

// StoryKey is the state key of a showcase story.
func StoryKey(id uint64) []byte { return []byte(fmt.Sprintf("%s%020d", storyPrefix, id)) }

// ActivityKey is the state key of an activity.
func ActivityKey(id uint64) []byte { return []byte(fmt.Sprintf("%s%020d", activityPrefix, id)) }

// SignupKey is the state key of a sign-up.
func SignupKey(receipt string) []byte { return []byte(signupPrefix + receipt) }

// VisitKey is the state key of the return visit of a rectification task.
func VisitKey(task string) []byte { return []byte(visitPrefix + task) }

func nextID(kv store.KV, kind string) (uint64, error) {
	return module.NextSeq(kv, []byte(seqPrefix+kind))
}

// GetStory loads a story.
func GetStory(r store.Reader, id uint64) (*Story, error) {
	return module.GetRecord[Story](r, StoryKey(id), ErrStoryNotFound, fmt.Sprint(id))
}

// Stories lists every story, oldest first.
func Stories(r store.Reader) ([]*Story, error) { return module.ListRecords[Story](r, storyPrefix) }

// GetActivity loads an activity.
func GetActivity(r store.Reader, id uint64) (*Activity, error) {
	return module.GetRecord[Activity](r, ActivityKey(id), ErrActivityNotFound, fmt.Sprint(id))
}

// Activities lists every activity, oldest first.
func Activities(r store.Reader) ([]*Activity, error) {
	return module.ListRecords[Activity](r, activityPrefix)
}

// GetSignup loads a sign-up.
func GetSignup(r store.Reader, receipt string) (*Signup, error) {
	return module.GetRecord[Signup](r, SignupKey(receipt), ErrSignupNotFound, receipt)
}

// GetVisit loads the return visit of a task; (nil, nil) when unanswered.
func GetVisit(r store.Reader, task string) (*Visit, error) {
	b, err := r.Get(VisitKey(task))
	if err != nil || b == nil {
		return nil, err
	}
	var v Visit
	if err := module.UnmarshalState(b, &v); err != nil {
		return nil, fmt.Errorf("corrupt return visit %s: %w", task, err)
	}
	return &v, nil
}

func put(kv store.KV, key []byte, v any) error { return module.PutRecord(kv, key, v) }
