package feedback

import (
	"github.com/pingshan/govchain/internal/module"
)

// Transfer records that a department merger moved a task.
type Transfer struct {
	From      string `cbor:"1,keyasint" json:"from"`
	Height    int64  `cbor:"2,keyasint" json:"height"`
	Authority string `cbor:"3,keyasint" json:"authority"`
}

// MoveDepartment implements module.DepartmentMover: the open
// rectification tasks of from move to to, deadlines unchanged, each
// recording where it came from. With no successor (to == "") nothing
// moves: the tasks stay with the retired department, still open and
// counted overdue in its public record, since nobody is left to close them
// and hiding them would flatter it. It collects before it writes.
func (Module) MoveDepartment(ctx *module.Context, from, to, why string) (int, error) {
	if to == "" {
		return 0, nil
	}
	all, err := module.ListRecords[Task](ctx.KV, taskPrefix)
	if err != nil {
		return 0, err
	}
	var moved []*Task
	for _, t := range all {
		if t.Status == TaskOpen && t.Department == from {
			moved = append(moved, t)
		}
	}
	for _, t := range moved {
		t.Department = to
		t.Transferred = append(t.Transferred, Transfer{From: from, Height: ctx.Height, Authority: why})
		if err := putTask(ctx.KV, t); err != nil {
			return 0, err
		}
		ctx.Emit("feedback.task_transferred", "task", t.ID, "from", from, "to", to)
	}
	return len(moved), nil
}
