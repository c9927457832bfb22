package demo

import (
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/participation"
)

// seedParticipation publishes one showcase story of the completed land
// case and announces one lecture two weeks ahead (docs/participation.md).
// The consent hash stands for the citizen's signed consent form, which
// the bureau keeps.
func (b *builder) seedParticipation(done string, now time.Time) {
	b.add("nrb-clerk", "participation", "story_publish", participation.PublishStory{CaseNo: done,
		TitleZH: "商业用地审批：三个部门并联审查，公示期满即批",
		TitleEN: "A commercial land approval: three bureaus reviewed in parallel, approved as soon as the notice ended",
		BodyZH: "一家企业在线申请碧岭街道一宗商业用地。自然资源局当天受理后，自然资源局、生态环境局和住房和城乡建设局同时开展审查，不再逐个部门排队。\n" +
			"审查通过后依法公示，公示期内无异议，期满当天即作出准予许可的决定并签发建设用地批准书，土地出让金同步登记。\n" +
			"申请人可以凭查询码随时查看每一步由谁办理、用了多长时间。",
		BodyEN: "A company applied online for a commercial parcel in Biling. The Natural Resources Bureau accepted it the same day, and three bureaus reviewed it at once instead of one after another.\n" +
			"After the review the case went to public notice; nobody objected, and the approval and the land permit were issued the day the notice ended, with the land fee recorded alongside.\n" +
			"The applicant could see at any time, with the access code, who handled each step and how long it took.",
		Consent: true, ConsentHash: module.HashOf(hashOf("案例公开同意书", done))})
	start := time.Date(now.Year(), now.Month(), now.Day(), 14, 30, 0, 0, cst).AddDate(0, 0, 14)
	b.add("nrb-clerk", "participation", "activity_announce", participation.Announce{Kind: participation.KindLecture,
		TitleZH: "讲座：建设用地审批怎么办、怎么查", TitleEN: "Lecture: applying for land approval, and following your case",
		DescriptionZH: "自然资源局窗口工作人员讲解建设用地审批的材料、环节和时限，演示如何用查询码跟踪办件、如何核验批准书。",
		DescriptionEN: "Staff of the Natural Resources Bureau's service window explain the materials, steps and time limits of a land approval, and show how to follow a case with its access code and check a permit.",
		Place:         "坪山区政务服务中心 3 楼报告厅", StartUnix: start.Unix(), Minutes: 90, Capacity: 40})
}
