package financeyear

// The demo year's shape: what each demo department budgets, the projects
// its quota goes to, and who gets paid. Amounts are in yuan here; the
// generator turns them into fen. Codes follow the 政府收支分类科目: 功能分类
// at 项 level (7 digits), 部门预算经济分类 at 款 level (5 digits).

// Payment patterns of a project.
const (
	patMonthly    = "monthly"    // one payee, twelve payments 31 days apart (services)
	patMilestones = "milestones" // one payee, advance / progress / final payments (works, studies)
	patVendors    = "vendors"    // several payees, a few payments each (supplies)
	patExperts    = "experts"    // individuals, small fees (评审费, 差旅费)
	patSingle     = "single"     // one payment (equipment)
	patSplit      = "split"      // the repair quota the red-flag pattern draws on
)

type demoProject struct {
	code, name string
	permille   int64 // share of the line's allocated quota; 0 with fixedYuan
	fixedYuan  int64
	pattern    string
	pool       string
	purpose    string
}

type demoLine struct {
	fn, econ, title string
	yuan            int64
	projects        []demoProject
}

type demoDept struct {
	id, requester string
	lines         []demoLine
}

var demoDepts = []demoDept{
	{"gov", "gov-accountant", []demoLine{
		{"2010301", "30201", "行政运行—办公费", 1_800_000, []demoProject{{"GOV-BG", "机关日常办公用品采购", 1000, 0, patVendors, "office", "办公用品采购"}}},
		{"2010301", "30209", "行政运行—物业管理费", 3_600_000, []demoProject{{"GOV-WY", "政府大楼物业管理服务", 1000, 0, patMonthly, "property", "物业管理服务费"}}},
		{"2010302", "30227", "一般行政管理事务—委托业务费", 5_200_000, []demoProject{
			{"GOV-ZK", "坪山区高质量发展政策研究", 700, 0, patMilestones, "consult", "政策研究课题费"},
			{"GOV-DC", "民生实事满意度调查", 290, 0, patVendors, "consult", "满意度调查服务费"},
			{"GOV-ZJ", "决策咨询专家评审", 10, 0, patExperts, "", "专家评审费"}}},
		{"2010350", "31002", "事业运行—办公设备购置", 1_200_000, []demoProject{{"GOV-SB", "办公设备更新", 1000, 0, patSingle, "it", "办公设备采购"}}},
	}},
	{"nrb", "nrb-accountant", []demoLine{
		{"2200101", "30201", "行政运行—办公费", 1_500_000, []demoProject{{"NRB-BG", "日常办公用品采购", 1000, 0, patVendors, "office", "办公用品采购"}}},
		{"2200104", "30227", "自然资源规划及管理—委托业务费", 18_000_000, []demoProject{{"NRB-GH", "坪山区国土空间分区规划编制", 1000, 0, patMilestones, "planning", "规划编制费"}}},
		{"2200106", "30227", "自然资源利用与保护—委托业务费", 2_400_000, []demoProject{
			{"NRB-DC", "年度国土变更调查", 980, 0, patMilestones, "survey", "国土变更调查服务费"},
			{"NRB-ZJ", "用地审查专家评审", 20, 0, patExperts, "", "专家评审费"}}},
		{"2200150", "30213", "事业运行—维修(护)费", 900_000, []demoProject{{"NRB-WX", "测绘仪器设备维护", 1000, 0, patMonthly, "it", "设备维护费"}}},
	}},
	{"fin", "fin-officer", []demoLine{
		{"2010601", "30201", "行政运行—办公费", 1_600_000, []demoProject{{"FIN-BG", "日常办公用品采购", 1000, 0, patVendors, "office", "办公用品采购"}}},
		{"2010607", "31007", "信息化建设—信息网络及软件购置更新", 9_800_000, []demoProject{{"FIN-XX", "预算管理一体化系统升级", 1000, 0, patMilestones, "it", "系统建设费"}}},
		{"2010602", "30227", "一般行政管理事务—委托业务费", 3_200_000, []demoProject{
			{"FIN-JX", "财政支出绩效评价", 985, 0, patVendors, "audit", "绩效评价服务费"},
			{"FIN-ZJ", "绩效评价专家评审", 15, 0, patExperts, "", "专家评审费"}}},
	}},
	{"eeb", "eeb-accountant", []demoLine{
		{"2110101", "30201", "行政运行—办公费", 1_300_000, []demoProject{{"EEB-BG", "日常办公用品采购", 1000, 0, patVendors, "office", "办公用品采购"}}},
		{"2110301", "30227", "大气—委托业务费", 12_500_000, []demoProject{{"EEB-DQ", "空气质量自动监测站运维", 1000, 0, patMonthly, "monitoring", "空气监测运维服务费"}}},
		{"2110302", "30227", "水体—委托业务费", 36_000_000, []demoProject{
			{"EEB-SZ", "坪山河干流综合整治", 700, 0, patMilestones, "works", "河道整治工程款"},
			{"EEB-JC", "河道水质监测", 300, 0, patMonthly, "monitoring", "水质监测服务费"}}},
		{"2110104", "30202", "生态环境保护宣传—印刷费", 600_000, []demoProject{{"EEB-XC", "环保宣传品印制", 1000, 0, patVendors, "printing", "宣传品印制费"}}},
	}},
	{"hub", "hub-accountant", []demoLine{
		{"2120101", "30201", "行政运行—办公费", 1_400_000, []demoProject{{"HUB-BG", "日常办公用品采购", 1000, 0, patVendors, "office", "办公用品采购"}}},
		{"2120399", "30213", "其他城乡社区公共设施—维修(护)费", 24_000_000, []demoProject{
			{"HUB-WX", "小型市政设施维修", 0, 2_100_000, patSplit, "works", "维修工程款"},
			{"HUB-SZ", "市政道路设施维修", 1000, 0, patMilestones, "works", "道路维修工程款"}}},
		{"2120201", "30227", "城乡社区规划与管理—委托业务费", 4_500_000, []demoProject{{"HUB-GH", "城市更新单元规划研究", 1000, 0, patMilestones, "planning", "规划研究费"}}},
	}},
	{"gsd", "gsd-accountant", []demoLine{
		{"2010301", "30201", "行政运行—办公费", 900_000, []demoProject{{"GSD-BG", "日常办公用品采购", 1000, 0, patVendors, "office", "办公用品采购"}}},
		{"2019999", "31007", "其他一般公共服务支出—信息网络及软件购置更新", 22_000_000, []demoProject{{"GSD-YUN", "政务云及数据共享平台建设", 1000, 0, patMilestones, "it", "平台建设费"}}},
		{"2019999", "30213", "其他一般公共服务支出—维修(护)费", 6_500_000, []demoProject{{"GSD-YW", "政务服务系统运维", 1000, 0, patMonthly, "it", "系统运维服务费"}}},
	}},
	{"aud", "aud-accountant", []demoLine{
		{"2010801", "30201", "行政运行—办公费", 800_000, []demoProject{{"AUD-BG", "日常办公用品采购", 1000, 0, patVendors, "office", "办公用品采购"}}},
		{"2010804", "30227", "审计业务—委托业务费", 4_200_000, []demoProject{{"AUD-WT", "委托社会中介机构审计", 1000, 0, patVendors, "audit", "审计服务费"}}},
		{"2010801", "30211", "行政运行—差旅费", 60_000, []demoProject{{"AUD-CL", "审计外勤差旅", 1000, 0, patExperts, "", "差旅费报销"}}},
	}},
}

// demoAdjustments change two lines mid-year: a top-up for river works and
// a cut in operations.
var demoAdjustments = []struct {
	dept, fn, econ string
	deltaYuan      int64
	reason         string
}{
	{"eeb", "2110302", "30227", 3_000_000, "年中预算调整：坪山河整治追加"},
	{"gsd", "2019999", "30213", -500_000, "年中预算调整：运维合同结余调减"},
}

var demoPools = map[string][]string{
	"office": {"深圳市坪山区晨光办公用品有限公司", "深圳市齐心办公用品有限公司", "深圳市坪山区文华办公设备商行", "深圳市得力文具有限公司",
		"深圳市坪山区百佳办公用品有限公司", "深圳市鹏程纸业有限公司", "深圳市坪山区新星办公家具有限公司", "深圳市华南文具批发有限公司"},
	"property": {"深圳市坪山区鹏坪物业管理有限公司", "深圳市万厦居业物业服务有限公司", "深圳市坪山区城市服务集团有限公司"},
	"consult": {"深圳市坪山区发展研究院", "深圳大学城市治理研究院", "深圳市综合开发研究院", "广东省社会科学院咨询中心",
		"深圳市零点调查有限公司", "深圳市坪山区民意调查中心", "深圳市中鹏咨询有限公司", "深圳市城市发展研究中心"},
	"it": {"深圳市坪山区数智科技有限公司", "中国电信股份有限公司深圳分公司", "深圳市信息技术服务有限公司", "华为技术服务有限公司",
		"深圳市鹏城云计算有限公司", "深圳市联想智慧科技有限公司"},
	"planning": {"深圳市规划国土发展研究中心", "中国城市规划设计研究院深圳分院", "深圳市城市规划设计研究院股份有限公司"},
	"survey":   {"深圳市勘察测绘院（集团）有限公司", "广东省国土资源测绘院"},
	"monitoring": {"深圳市中科环境监测有限公司", "深圳市华测检测技术股份有限公司", "深圳市坪山区环境监测站服务中心",
		"深圳市谱尼测试科技有限公司"},
	"works": {"深圳市坪山区鹏城建筑装饰工程有限公司", "中建三局第一建设工程有限责任公司", "深圳市市政工程总公司",
		"深圳市水务工程建设有限公司"},
	"printing": {"深圳市坪山区雅图印务有限公司", "深圳市彩印包装有限公司", "深圳市鹏印广告制作有限公司", "深圳市坪山区新华印刷厂",
		"深圳市南方文化传播有限公司", "深圳市东江广告设计有限公司"},
	"audit": {"立信会计师事务所深圳分所", "天健会计师事务所深圳分所", "致同会计师事务所深圳分所", "大华会计师事务所深圳分所",
		"信永中和会计师事务所深圳分所", "中审众环会计师事务所深圳分所"},
}

var demoPeople = []string{"张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "黄磊", "赵敏", "周婷", "吴强", "徐丽", "孙浩",
	"马超", "朱琳", "胡军", "郭燕", "何涛", "林晓", "罗斌", "梁瑜", "宋佳", "郑凯", "谢芸", "韩冰"}

// The split pattern: one contractor, four repair payments inside a
// fortnight, each just under the two-approver threshold.
var (
	demoSplitPayee = "深圳市坪山区鹏城建筑装饰工程有限公司"
	demoSplitDays  = []string{"06-03", "06-06", "06-10", "06-14"}
	demoSplitFen   = []int64{48_600_000, 49_250_000, 47_830_000, 49_500_000} // fen
)
