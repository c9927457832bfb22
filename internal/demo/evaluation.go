package demo

import (
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/module/land"
)

// seedBaselines has the data bureau publish the dev chain's pre-platform
// baseline of land-use approval, so the dashboard shows before and after.
// The figures are examples in the shape of a statistical yearbook's (the
// source hash is of the example's title, not of a real document).
func (b *builder) seedBaselines(year int) {
	src := module.HashOf(hashOf("坪山市政务服务统计年报（示例）"))
	period := strconv.Itoa(year)
	for _, f := range []struct {
		figure string
		value  int64
		title  string
	}{
		{evaluation.FigureStatutoryDays, 20, "《土地管理法实施条例》审批时限（示例）"},
		{evaluation.FigurePromisedDays, 10, "坪山市政务服务事项承诺时限清单（示例）"},
		{evaluation.FigureAvgDays, 1850, "坪山市政务服务统计年报（示例）"},
		{evaluation.FigureMedianDays, 1600, "坪山市政务服务统计年报（示例）"},
		{evaluation.FigureApprovalRate, 8200, "坪山市政务服务统计年报（示例）"},
		{evaluation.FigureOnTimeRate, 7600, "坪山市政务服务统计年报（示例）"},
	} {
		b.add("gsd-admin", "evaluation", "publish_baseline", evaluation.PublishBaseline{Process: land.ProcessID, Department: "nrb",
			Figure: f.figure, Value: f.value, Scale: evaluation.ScaleOf(f.figure), Period: period, SourceHash: src,
			SourceTitle: f.title, Note: "开发链示例数据"})
	}
}
