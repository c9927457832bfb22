package participationweb

import (
	"net/http"
	"strings"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/web/site"
)

// The plain-language pages (了解平台): what the platform records and why
// nobody can change it, how personal data is protected, how to check a
// document or a record yourself. The text is here, in both languages, so
// a page is one list of steps; the pictures are static SVGs
// (static/learn/), made for these pages, with no external assets.

type learnText [2]string // zh, en

func (t learnText) in(lang string) string {
	if lang == "en" {
		return t[1]
	}
	return t[0]
}

type learnStep struct {
	Title, Text learnText
	Img         string // under /static/learn/, "" for none
	Alt         learnText
	Link, Label string // optional link and its message key
}

type learnTopic struct {
	Slug         string
	Title, Intro learnText
	Steps        []learnStep
}

var learnTopics = []learnTopic{
	{Slug: "records", Title: learnText{"平台记录什么，为什么无法篡改", "What the platform records, and why nobody can change it"},
		Intro: learnText{"坪山市各部门办理的每一件事——审批的每一步、每一笔财政支出、每一份公开文件、每一条市民评价——都写成一条“交易”，由办理人用自己的密钥签名后记入区块链。",
			"Everything the city's departments do here — each step of an approval, each public payment, each published document, each citizen's rating — is written as a signed transaction into a blockchain, with the signature of the person who did it."},
		Steps: []learnStep{
			{Title: learnText{"记录按区块依次相连", "Records are chained block by block"},
				Text: learnText{"交易被打包进区块，每个区块都带着前一个区块的“指纹”（哈希值）。改动任何一条旧记录，它所在区块的指纹就变了，后面所有区块都对不上。",
					"Transactions are packed into blocks, and every block carries the fingerprint (hash) of the one before. Change any old record and its block's fingerprint changes, so no later block matches it any more."},
				Img: "chain.svg", Alt: learnText{"三个相连的区块；第二个区块被改动后，指纹不再匹配", "Three chained blocks; once the second is changed, its fingerprint no longer matches"}},
			{Title: learnText{"每个部门都保存一份完整副本", "Every department keeps a full copy"},
				Text: learnText{"区块只有在多数部门的节点核对并签名后才会写入。任何一个部门——包括系统管理员——都无法单独改写历史：其他部门手中的副本会立即揭穿。",
					"A block is written only when a majority of the departments' nodes have checked and signed it. No single department — not even the system administrators — can rewrite history on its own: the copies the other departments hold would show it at once."},
				Img: "nodes.svg", Alt: learnText{"六个部门的节点保存同样的记录指纹", "Six departments' nodes holding the same fingerprint"}},
			{Title: learnText{"改正也留下记录", "Corrections leave a record too"},
				Text: learnText{"发现错误时，部门只能追加一条新的“更正”或“撤回”记录，并说明理由；原记录仍然在链上，谁在什么时间改了什么，一目了然。",
					"When something is wrong, a department can only add a new correction or withdrawal with its reason; the original stays on the chain, so who changed what, and when, is always visible."},
				Link: "/governance", Label: "nav.governance"},
		}},
	{Slug: "privacy", Title: learnText{"您的个人信息如何受到保护", "How your personal data is protected"},
		Intro: learnText{"区块链上的内容所有部门都能看到，所以个人信息从不以明文上链。",
			"Every department can read what is on the chain, so personal data never goes onto it in clear."},
		Steps: []learnStep{
			{Title: learnText{"在提交时就加密", "Encrypted as you submit"},
				Text: learnText{"您在门户填写的姓名、电话、身份证号，在本节点就用{algs}加密，只有负责办理的部门用自己的数据密钥才能打开。链上保存的只是密文。",
					"The name, phone and ID number you type are encrypted on this node with {algs} before anything is signed; only the department handling your matter can open them with its own data key. The chain holds only the ciphertext."},
				Img: "sealed.svg", Alt: learnText{"个人信息被加密成密文，只有负责部门的密钥能解开", "Personal data sealed into ciphertext that only the handling department's key opens"}},
			{Title: learnText{"每次查看都被记录", "Every look is logged"},
				Text: learnText{"工作人员打开您的信息时必须说明用途，每一次查看都写入访问日志，审计局可以核查。",
					"A staff member who opens your details must give a purpose, and each opening is written to an access log the Audit Bureau can inspect."}},
			{Title: learnText{"公开的只有统计和匿名内容", "Only counts and anonymous content are public"},
				Text: learnText{"案例展示经本人书面同意、去除个人信息后才发布；活动报名只公开人数；回访只公开“已解决/未解决”的统计。",
					"A showcase story is published only with the citizen's written consent and without personal details; activity sign-ups show only numbers; return visits show only how many said solved or not solved."},
				Link: "/participate", Label: "nav.participate"},
		}},
	{Slug: "check", Title: learnText{"如何自己核验文件和记录", "How to check a document or a record yourself"},
		Intro: learnText{"您不必相信我们的说法：任何人都可以自己核对。",
			"You do not have to take our word for it: anyone can check."},
		Steps: []learnStep{
			{Title: learnText{"第一步：打开核验页面", "Step 1: open the verify page"},
				Text: learnText{"在“核验”页面输入批准文书上的核验码，或上传您手中的文件。",
					"On the Verify page, type the verification code printed on an approval document, or choose the file you hold."},
				Link: "/verify", Label: "nav.verify"},
			{Title: learnText{"第二步：比对指纹", "Step 2: compare the fingerprint"},
				Text: learnText{"页面算出文件的指纹（SM3 哈希），与链上登记的指纹比较。哪怕改动一个字，指纹也完全不同。",
					"The page computes the file's fingerprint (its SM3 hash) and compares it with the one registered on the chain. Change a single character and the fingerprint is entirely different."},
				Img: "check.svg", Alt: learnText{"文件 → 计算指纹 → 与链上记录一致", "A document → its fingerprint → matches the chain's record"}},
			{Title: learnText{"第三步：下载证明，离线核验", "Step 3: download the proof and check it offline"},
				Text: learnText{"每条记录旁都有“下载证明文件”。用公开的 govchain 程序和创世文件即可离线核验：它检查记录确实在链上，并由多数部门签名确认。",
					"Every record has a “Download the proof bundle” link. With the public govchain program and the genesis file you can check it offline: it confirms the record is on the chain and that a majority of departments signed it."},
				Img: "proof.svg", Alt: learnText{"下载证明文件，用 govchain verify 核验，结果通过", "Download the proof, run govchain verify, the check passes"}},
		}},
}

func (p *Portal) learnRoutes() {
	p.Page("GET /learn", p.learnIndex)
	p.Page("GET /learn/{topic}", p.learnPage)
}

type learnView struct {
	Slug, Title, Intro string
	Steps              []learnStepView
}

type learnStepView struct {
	Title, Text, Img, Alt, Link, Label string
}

// sealAlgorithms names, for the privacy page, the algorithms this chain's
// suite (fixed in genesis) seals personal data with.
func sealAlgorithms(suite, lang string) string {
	if suite == cryptosuite.GM {
		return learnText{"国密算法（SM2/SM4）", "the national algorithms (SM2/SM4)"}.in(lang)
	}
	return learnText{"国际通用算法（X25519/AES-256-GCM）", "standard algorithms (X25519/AES-256-GCM)"}.in(lang)
}

func viewOf(t learnTopic, lang, suite string) learnView {
	v := learnView{Slug: t.Slug, Title: t.Title.in(lang), Intro: t.Intro.in(lang)}
	algs := sealAlgorithms(suite, lang)
	for _, s := range t.Steps {
		text := strings.ReplaceAll(s.Text.in(lang), "{algs}", algs)
		v.Steps = append(v.Steps, learnStepView{Title: s.Title.in(lang), Text: text, Img: s.Img, Alt: s.Alt.in(lang), Link: s.Link, Label: s.Label})
	}
	return v
}

func (p *Portal) learnIndex(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	var topics []learnView
	for _, t := range learnTopics {
		topics = append(topics, viewOf(t, lang, p.Suite().Name()))
	}
	p.Render(w, r, site.Page{Template: "learn.html", Title: "learn.title", Active: "learn", Data: map[string]any{"Topics": topics}})
}

func (p *Portal) learnPage(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	for _, t := range learnTopics {
		if t.Slug == r.PathValue("topic") {
			v := viewOf(t, lang, p.Suite().Name())
			p.Render(w, r, site.Page{Template: "learn_topic.html", Title: "learn.title", Active: "learn", Data: v})
			return
		}
	}
	p.NotFound(w, r)
}
