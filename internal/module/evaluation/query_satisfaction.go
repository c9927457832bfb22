package evaluation

import (
	"database/sql"

	"github.com/pingshan/govchain/internal/module/feedback"
)

// Satisfaction is 用户反馈: the 好差评 ratings given in the period, the
// rectification tasks poor ratings opened in it, and how fast the
// department replied to suggestions and complaints filed in it.
type Satisfaction struct {
	// Levels counts ratings by level, best first (feedback.Levels()).
	Levels  []Count `json:"levels"`
	Ratings int64   `json:"ratings"`
	// GoodRate is 好评率: (非常满意 + 满意) / ratings.
	GoodRate Rate  `json:"good_rate"`
	Bad      int64 `json:"bad"` // 不满意 + 非常不满意
	// Rectification: of the tasks opened in the period, how many are
	// closed, and how many closed by their deadline.
	Tasks           int64 `json:"rectification_tasks"`
	RectifiedRate   Rate  `json:"rectification_rate"`
	RectifiedOnTime Rate  `json:"rectification_on_time_rate"`
	Replied         int64 `json:"replied"`
	Unreplied       int64 `json:"unreplied"`
	// MedianReplyHours is the median time from filing to the latest reply
	// of the replied suggestions and complaints, in whole hours (floor).
	MedianReplyHours *int64 `json:"median_reply_hours,omitempty"`
}

// deptClause filters by department when one is given.
func deptClause(col, department string, args []any) (string, []any) {
	if department == "" {
		return "", args
	}
	return " AND " + col + " = ?", append(args, department)
}

func satisfaction(src Source, p Period, department string) (*Satisfaction, error) {
	s := &Satisfaction{}
	where, args := deptClause("department", department, []any{p.Start.Unix(), p.End.Unix()})
	rows, err := src.DB.Query(`SELECT level, COUNT(*) FROM feedback_items WHERE kind = 'rating' AND time >= ? AND time < ?`+where+
		` GROUP BY level`, args...)
	if err != nil {
		return nil, err
	}
	byLevel := map[string]int64{}
	for rows.Next() {
		var l string
		var n int64
		if err := rows.Scan(&l, &n); err != nil {
			rows.Close()
			return nil, err
		}
		byLevel[l] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, l := range feedback.Levels() {
		s.Levels = append(s.Levels, Count{Name: l, Count: byLevel[l]})
		s.Ratings += byLevel[l]
	}
	s.GoodRate = NewRate(byLevel[feedback.VerySatisfied]+byLevel[feedback.Satisfied], s.Ratings)
	s.Bad = byLevel[feedback.Dissatisfied] + byLevel[feedback.VeryDissatisfied]

	where, args = deptClause("department", department, []any{p.Start.Unix(), p.End.Unix()})
	var closed, onTime int64
	if err := src.DB.QueryRow(`SELECT COUNT(*), COALESCE(SUM(status = 'closed'), 0),
		COALESCE(SUM(status = 'closed' AND closed <= deadline), 0)
		FROM feedback_tasks WHERE opened >= ? AND opened < ?`+where, args...).Scan(&s.Tasks, &closed, &onTime); err != nil {
		return nil, err
	}
	s.RectifiedRate, s.RectifiedOnTime = NewRate(closed, s.Tasks), NewRate(onTime, s.Tasks)

	where, args = deptClause("department", department, []any{p.Start.Unix(), p.End.Unix()})
	rows, err = src.DB.Query(`SELECT time, first_reply FROM feedback_items WHERE kind IN ('suggestion', 'complaint')
		AND time >= ? AND time < ?`+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hours []int64
	for rows.Next() {
		var filed int64
		var reply sql.NullInt64 // NULL: no reply yet
		if err := rows.Scan(&filed, &reply); err != nil {
			return nil, err
		}
		if !reply.Valid {
			s.Unreplied++
			continue
		}
		s.Replied++
		hours = append(hours, (reply.Int64-filed)/3600)
	}
	s.MedianReplyHours = median(hours)
	return s, rows.Err()
}
