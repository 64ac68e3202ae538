//! The rules, as data: each [`Rule`] has a stable code, a severity, a one-line summary, an
//! explanation with a bad and a good example, and the function that checks it.
//!
//! Adding a rule means adding one entry to [`RULES`] (and its check function in the module of
//! its family). Codes are grouped by family:
//! `I` import, `A` arithmetic (勾稽), `V` values, `S` structure and text, `X` text vs table,
//! `D` cross-year, `P` plausibility, `M` derived figures (information only), `B` batch (汇总),
//! `C` documents cited, `W` wording, `T` the application ledger (台账), `L` local rubrics (off unless a [`Profile`] turns them on).

mod arith;
mod citations;
mod cross_year;
mod metrics;
mod outline;
mod plausible;
mod profile;
mod report_year;
mod structure;
mod text_claims;
mod text_detail;
mod text_table;
mod values;
mod wording;

pub use profile::Profile;

use crate::finding::{Finding, Severity};
use crate::layout::{CellRef, Layout};
use crate::model::{Number, Report};
use crate::text::Compact;
use std::cell::OnceCell;
use std::collections::BTreeSet;

/// What a rule's check function sees (with the text work shared by several rules done once).
pub struct Ctx<'a> {
    /// The report checked.
    pub report: &'a Report,
    /// Last year's report, for the cross-year rules.
    pub previous: Option<&'a Report>,
    /// The layout of the report's edition.
    pub layout: &'static Layout,
    /// The local rubric's checks (all off by default).
    pub profile: &'a Profile,
    texts: OnceCell<Vec<(Option<u8>, &'a str, Compact)>>,
    all_text: OnceCell<String>,
    realigned: OnceCell<BTreeSet<CellRef>>,
    /// [`eff`](Ctx::eff) of every cell of tables 三 and 四, by [`Layout::t34_index`].
    eff34: OnceCell<Vec<Option<i64>>>,
}

impl<'a> Ctx<'a> {
    /// A context for checking `report`.
    pub fn new(report: &'a Report, previous: Option<&'a Report>) -> Ctx<'a> {
        Ctx::with_profile(report, previous, &NO_PROFILE)
    }

    /// A context for checking `report` with a local rubric's checks.
    pub fn with_profile(report: &'a Report, previous: Option<&'a Report>, profile: &'a Profile) -> Ctx<'a> {
        Ctx {
            report,
            previous,
            profile,
            layout: report.layout(),
            texts: OnceCell::new(),
            all_text: OnceCell::new(),
            realigned: OnceCell::new(),
            eff34: OnceCell::new(),
        }
    }

    /// The opening (part None) and the six parts' texts, each with its compact form.
    pub fn texts(&self) -> &[(Option<u8>, &'a str, Compact)] {
        self.texts.get_or_init(|| {
            let n = &self.report.narrative;
            let mut v = vec![(None, n.opening.as_str())];
            for (i, p) in n.parts.iter().enumerate() {
                v.push((Some(i as u8), p.text.as_str()));
            }
            v.into_iter().map(|(p, t)| (p, t, Compact::new(t, 0, t.len()))).collect()
        })
    }

    /// Every place of each of `words` in the opening and the parts' compact forms
    /// ([`texts`](Ctx::texts)): text by text, word by word, each word's places in order and not
    /// overlapping. Yields (part, compact form, word, compact offset of the word).
    pub fn places<'s, 'w: 's>(
        &'s self,
        words: &'s [&'w str],
    ) -> impl Iterator<Item = (Option<u8>, &'s Compact, &'w str, usize)> + 's {
        self.texts().iter().flat_map(move |(part, _, cmp)| {
            words.iter().flat_map(move |&word| {
                let mut from = 0;
                std::iter::from_fn(move || {
                    let p = cmp.find_from(word, from)?;
                    from = p + word.len();
                    Some((*part, cmp, word, p))
                })
            })
        })
    }

    /// Title, opening, headings and parts, folded, without white space (for the presence of
    /// words and the numbers after them: the opening and the parts are taken from
    /// [`texts`](Ctx::texts), whose "1、" reads "1." — no word looked for holds either).
    pub fn all_text(&self) -> &str {
        self.all_text.get_or_init(|| {
            let n = &self.report.narrative;
            let texts = self.texts();
            let mut s = String::new();
            crate::text::fold_compact_into(&n.title, &mut s);
            s.push_str(&texts[0].2.text);
            for (i, p) in n.parts.iter().enumerate() {
                crate::text::fold_compact_into(&p.heading, &mut s);
                s.push_str(&texts[i + 1].2.text);
            }
            s
        })
    }

    /// Cells the importer realigned by order (I003): a failed sum there may be the guess.
    pub fn realigned(&self) -> &BTreeSet<CellRef> {
        self.realigned.get_or_init(|| {
            self.report
                .provenance
                .notes
                .iter()
                .filter(|n| n.code == "I003")
                .flat_map(|n| n.cells.iter())
                .filter_map(|id| self.layout.parse_cell_id(id))
                .collect()
        })
    }
}

impl Ctx<'_> {
    /// Whether a cell could not be read by the importer.
    pub fn unread(&self, cell: CellRef) -> bool {
        self.report.provenance.unread.contains(&cell)
    }

    /// The integer in a cell for arithmetic: blank counts as 0; a blank 总计 of table 三 or 四
    /// counts as the sum of its row (its expected value), so that one blank total does not make
    /// every column check fail. None when the cell was not read.
    pub fn eff(&self, cell: CellRef) -> Option<i64> {
        // tables 三 and 四 are added up by many rules: each cell is worked out once
        let plain = |c: CellRef| (self.report.get(c), self.unread(c));
        let Some(i) = self.layout.t34_index(cell) else { return self.eff_from(cell, &plain) };
        let all = self.eff34.get_or_init(|| {
            let l = self.layout;
            let t3 = (0..l.t3_rows.len()).flat_map(|r| (0..l.t3_columns.len()).map(move |c| l.t3(r, c)));
            let t4 = (0..l.t4_groups.len()).flat_map(|g| (0..l.t4_columns.len()).map(move |c| l.t4(g, c)));
            let cells: Vec<CellRef> = t3.chain(t4).collect();
            // the report's values and unread cells laid out by cell once (one walk of each map,
            // no lookup per cell)
            let mut laid_out = vec![(None, false); cells.len()];
            for (c, v) in &self.report.cells {
                if let Some(i) = l.t34_index(*c) {
                    laid_out[i].0 = Some(*v);
                }
            }
            for c in &self.report.provenance.unread {
                if let Some(i) = l.t34_index(*c) {
                    laid_out[i].1 = true;
                }
            }
            let get = |c: CellRef| l.t34_index(c).map_or_else(|| plain(c), |i| laid_out[i]);
            cells.iter().map(|&c| self.eff_from(c, &get)).collect()
        });
        all.get(i).copied().unwrap_or_else(|| self.eff_from(cell, &plain))
    }

    /// [`eff`](Ctx::eff) over the value and the unread mark `get` gives for a cell.
    fn eff_from(&self, cell: CellRef, get: &dyn Fn(CellRef) -> (Option<Number>, bool)) -> Option<i64> {
        let (value, unread) = get(cell);
        if unread {
            return None;
        }
        match value {
            // a value beyond what a cell can hold is reported by V201, not added up
            Some(v) if !v.in_range() => None,
            Some(v) => Some(v.as_int().unwrap_or(0)),
            None => match self.derived_total(cell) {
                Some(parts) => parts.iter().map(|c| self.eff_from(*c, get)).try_fold(0i64, |a, v| a.checked_add(v?)),
                None => Some(0),
            },
        }
    }

    /// For a total cell (table 三 总计 column, table 四 group 总计), the cells it adds up.
    pub fn derived_total(&self, cell: CellRef) -> Option<Vec<CellRef>> {
        use crate::layout::TableId;
        let l = self.layout;
        match cell.table {
            TableId::T3 if cell.col as usize == l.t3_total_col() => {
                Some((0..l.t3_total_col()).map(|c| l.t3(cell.row as usize, c)).collect())
            }
            TableId::T4 if cell.col as usize == l.t4_columns.len() - 1 => {
                Some((0..l.t4_columns.len() - 1).map(|c| l.t4(cell.row as usize, c)).collect())
            }
            _ => None,
        }
    }

    /// The cell id.
    pub fn id(&self, cell: CellRef) -> String {
        self.layout.cell_id(cell)
    }

    /// The text a finding's location points into: the opening (None) or a part.
    pub fn part_text(&self, part: Option<u8>) -> &str {
        match part {
            None => &self.report.narrative.opening,
            Some(i) => self.report.narrative.part_text(i as usize),
        }
    }

    /// Table 三's 总计 of a row ([`eff`](Ctx::eff)) and its cell; None when not read.
    pub fn t3_total(&self, row: &str) -> Option<(i64, CellRef)> {
        let l = self.layout;
        let cell = l.t3(l.t3_row(row)?, l.t3_total_col());
        Some((self.eff(cell)?, cell))
    }

    /// The 总计 of table 四's groups added up, and their cells; None when a cell was not read.
    pub fn t4_total(&self, groups: &[usize]) -> Option<(i64, Vec<CellRef>)> {
        let l = self.layout;
        let col = l.t4_columns.len() - 1;
        let cells: Vec<CellRef> = groups.iter().map(|&g| l.t4(g, col)).collect();
        // each group by its results when any is filled (a wrong printed total is A104's, and
        // the text that agrees with the results is not held against the table)
        let group = |g: usize| -> Option<i64> {
            let parts: Vec<CellRef> = (0..col).map(|k| l.t4(g, k)).collect();
            if parts.iter().any(|p| self.report.get(*p).is_some()) {
                parts.iter().map(|p| self.eff(*p)).try_fold(0i64, |a, v| a.checked_add(v?))
            } else {
                self.eff(l.t4(g, col))
            }
        };
        let sum = groups.iter().map(|&g| group(g)).try_fold(0i64, |a, v| a.checked_add(v?))?;
        Some((sum, cells))
    }
}

/// A rule.
pub struct Rule {
    /// Stable code, e.g. `A101`.
    pub code: &'static str,
    /// The highest severity it reports.
    pub severity: Severity,
    /// The short name.
    pub name: &'static str,
    /// One line: what it checks.
    pub summary: &'static str,
    /// Why, and what the basis is (official text, layout, practice, unconfirmed).
    pub explanation: &'static str,
    /// An example that breaks the rule.
    pub bad: &'static str,
    /// The same example, right.
    pub good: &'static str,
    /// The check (None for rules reported by the importer).
    pub check: Option<CheckFn>,
}

/// The one table of the rules (each written once, below) gives two statics: [`RULES`], the rules
/// with their texts (for `nianbao explain`, the workbook, the batch), and `CHECKS`, the codes and
/// checks that [`check`] runs — so the browser, which checks on every keystroke but never shows
/// an explanation, does not carry the texts in its first load.
macro_rules! rules {
    ($(Rule {
        code: $code:literal,
        severity: $severity:expr,
        name: $name:literal,
        summary: $summary:literal,
        explanation: $explanation:literal,
        bad: $bad:literal,
        good: $good:literal,
        check: $check:expr $(,)?
    }),* $(,)?) => {
        /// Every rule, in code order.
        pub static RULES: &[Rule] = &[$(Rule {
            code: $code,
            severity: $severity,
            name: $name,
            summary: $summary,
            explanation: $explanation,
            bad: $bad,
            good: $good,
            check: $check,
        }),*];
        /// The code and check of every rule, in code order (see [`RULES`]).
        static CHECKS: &[(&str, Option<CheckFn>)] = &[$(($code, $check)),*];
    };
}

/// A rule's check: adds what it finds.
pub type CheckFn = fn(&Ctx<'_>, &mut Vec<Finding>);

rules! {
    Rule {
        code: "I001",
        severity: Severity::Warning,
        name: "表格单元格无法读取",
        summary: "导入时有单元格读不出确定的数值，涉及这些单元格的勾稽关系不作检查",
        explanation: "发布的页面或文本中，某行找不到、数字个数不对，或粘连的数字有多种拆法。本工具不会猜测数值，也不会据猜测报告勾稽错误；请对照原文核对该行。",
        bad: "表二 行政规范性文件 693665（三个数粘在一起：6|93|665？69|3|665？）",
        good: "表二 行政规范性文件 | 69 | 3 | 665",
        check: None,
    },
    Rule {
        code: "I002",
        severity: Severity::Info,
        name: "粘连数字已唯一拆分",
        summary: "原文各单元格数字粘连，已按位数或勾稽关系找到唯一拆法",
        explanation: "网页采集时去掉了单元格边框，数字连成一串（如“640020470”）。只在只有一种拆法时采用，并标记为推断值：每格一位数（如7格“8100008”）时按位数读出，本行是否相加相符仍照常检查；否则按本行的合计关系拆分；本行的合计关系拆不出时，按表三各列的勾稽关系（一＋二＝（七）总计＋四，办理结果之和＝（七）总计）确定，用来确定拆法的关系必然成立，其余关系照常检查。仍有多种拆法的不作推断，报告无法读取（I001）。",
        bad: "一、本年新收政府信息公开申请数量640020470",
        good: "一、本年新收政府信息公开申请数量 | 64 | 0 | 0 | 2 | 0 | 4 | 70",
        check: None,
    },
    Rule {
        code: "I003",
        severity: Severity::Warning,
        name: "行标签与数字错位",
        summary: "原文中数字与行标签错开（PDF、Markdown 转换常见），已按先后顺序对齐",
        explanation: "转换后的文本里，有的行标签下没有数字，相邻行下却有两行数字。按行的先后顺序把数字分配给各行，这是推断，请核对。",
        bad: "（一）予以公开 | 9 | … \n| 0 | 0 | … （这一行其实属于“（二）部分公开”）",
        good: "（一）予以公开 | 9 | …\n（二）部分公开 | 0 | 0 | …",
        check: None,
    },
    Rule {
        code: "I004",
        severity: Severity::Warning,
        name: "文件有少量损坏的字节",
        summary: "文件中有少量字节无法按其编码解码，已标为“\u{FFFD}”，其余内容照常读取",
        explanation: "下载或转存时损坏、或混入了其他编码的几个字节，会使个别字无法识别。报告给出这些字节在文件中的位置（从 0 起算的字节序号），请对照原文核对该处的文字和数字；损坏较多的文件不予读取。",
        bad: "“收到申请\u{FFFD}件”（原文此处的字节已损坏）",
        good: "重新从发布页面下载，或向发布机关索取原文件",
        check: None,
    },
    Rule {
        code: "I005",
        severity: Severity::Info,
        name: "报告由图片文字识别读出",
        summary: "报告（或其中几页、几张表）是图片，数字由文字识别（OCR）读出，请对照原件核对",
        explanation: "盖章扫描件、以图片粘贴的表格没有文字层，本工具逐格识别其中的文字和数字：数字格只按数字识别，每个数字带有识别把握。识别结果原样保留，不会为了凑平勾稽关系而改动；把握较低、又恰好能解释勾稽不符的数字，另报“识别存疑”（I006）。",
        bad: "扫描件第3页表三，数字格由识别读出",
        good: "发布带文字层的 PDF 或网页表格，读取无需识别",
        check: None,
    },
    Rule {
        code: "I006",
        severity: Severity::Warning,
        name: "识别存疑",
        summary: "勾稽关系不符，而一个把握较低的识别数字若换作易混的数字（8/0、1/7、5/6、3/8 等）恰好相符",
        explanation: "图片中的数字可能因模糊、污渍、盖章遮挡而识别有误。勾稽关系不符时，若其中一个把握较低的识别结果只要换一个易混数字就能相符，本工具把它报为识别存疑（指明单元格、识别结果和可能的读法），不报为报告的勾稽错误；单元格仍保留识别结果，不作修改。请对照原件核对该格。",
        bad: "表三“自然人”列：本年新收识别为18（把握61%），第一项加第二项与第三项加第四项不相符",
        good: "对照原件：该格为10，报告本身勾稽相符",
        check: None,
    },
    Rule {
        code: "A101",
        severity: Severity::Error,
        name: "表三纵向勾稽",
        summary: "表三每一列：第一项加第二项之和，等于第三项加第四项之和",
        explanation: "格式在表三左上角印明：“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”，即 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理，七列（含总计列）都须成立。【依据：国办公开办函〔2019〕60号、〔2021〕30号 格式】",
        bad: "自然人列：本年新收20 + 上年结转0 = 20，（七）总计21 + 结转下年度0 = 21",
        good: "自然人列：本年新收20 + 上年结转1 = 21，（七）总计21 + 结转下年度0 = 21",
        check: Some(arith::t3_balance),
    },
    Rule {
        code: "A102",
        severity: Severity::Error,
        name: "表三办理结果合计",
        summary: "表三每一列：（七）总计等于各项办理结果之和",
        explanation: "（七）总计是（一）予以公开、（二）部分公开、（三）不予公开8项、（四）无法提供3项、（五）不予处理5项、（六）其他处理（2021年版3项）之和。【依据：表格结构】",
        bad: "予以公开10、部分公开2、其他各项0，（七）总计13",
        good: "予以公开10、部分公开2、其他各项0，（七）总计12",
        check: Some(arith::t3_results),
    },
    Rule {
        code: "A103",
        severity: Severity::Error,
        name: "表三横向合计",
        summary: "表三每一行：总计 = 自然人 + 五类法人或其他组织",
        explanation: "总计列是自然人与商业企业、科研机构、社会公益组织、法律服务机构、其他五列之和。【依据：表格结构】",
        bad: "本年新收：自然人64，商业企业2，其他4，总计71",
        good: "本年新收：自然人64，商业企业2，其他4，总计70",
        check: Some(arith::t3_rows),
    },
    Rule {
        code: "A104",
        severity: Severity::Error,
        name: "表四各组合计",
        summary: "表四行政复议、未经复议直接起诉、复议后起诉三组：维持 + 纠正 + 其他 + 尚未审结 = 总计",
        explanation: "表四每组五项中，总计是前四项之和；总计留0而前四项有数是常见错误。【依据：表格结构】",
        bad: "行政复议：结果维持1，结果纠正1，其他0，尚未审结0，总计0",
        good: "行政复议：结果维持1，结果纠正1，其他0，尚未审结0，总计2",
        check: Some(arith::t4_groups),
    },
    Rule {
        code: "A105",
        severity: Severity::Error,
        name: "表三小计行",
        summary: "报告自行加列的（三）（四）（五）（六）小计行须等于其分项之和",
        explanation: "国家格式中（三）至（六）是跨行标签，不是小计行；有的报告仍填写了小计，此时小计须等于分项之和。【依据：表格结构】",
        bad: "（四）无法提供 小计 10；1.本机关不掌握 4，2.没有现成信息 5，3.补正后仍不明确 0",
        good: "（四）无法提供 小计 9；1.本机关不掌握 4，2.没有现成信息 5，3.补正后仍不明确 0",
        check: Some(arith::t3_subtotals),
    },
    Rule {
        code: "V201",
        severity: Severity::Error,
        name: "数值须为非负整数",
        summary: "件数、数量须为非负整数；只有2019年版“本年增/减”可以为负",
        explanation: "表二件数、表三、表四都是计数，不能为负数或小数；收费金额、采购总金额可以有小数。【依据：格式】",
        bad: "表三 予以公开 自然人 -1；表四 结果维持 1.5",
        good: "表三 予以公开 自然人 1；表四 结果维持 2",
        check: Some(values::non_negative),
    },
    Rule {
        code: "V202",
        severity: Severity::Error,
        name: "上一年项目数量加增减不得为负",
        summary: "2019年版表二：上一年项目数量 + 本年增/减 ≥ 0",
        explanation: "“本年增/减”是相对上一年项目数量的变化，减少的数量不能多于原有数量。【依据：格式】",
        bad: "行政许可：上一年项目数量 5，本年增/减 -8",
        good: "行政许可：上一年项目数量 5，本年增/减 -3",
        check: Some(values::change_not_below_zero),
    },
    Rule {
        code: "V203",
        severity: Severity::Warning,
        name: "单元格未填写",
        summary: "空白单元格不等于0：无数据应填0",
        explanation: "格式要求各栏填写数字，没有发生的填0。空白按0参与勾稽计算，空白的总计按其分项之和计算，并在此列出应填的值。【依据：各地通行做法】",
        bad: "法人或其他组织各列留空",
        good: "法人或其他组织各列填 0",
        check: Some(values::blanks),
    },
    Rule {
        code: "S300",
        severity: Severity::Info,
        name: "2019年以前格式",
        summary: "按修订前条例编制的年报（2018年度及以前），2019年版和2021年版格式的检查不适用",
        explanation: "2019年修订条例之前，年报附“政府信息公开情况统计表”，没有现行格式的表三（收到和处理政府信息公开申请情况）和表四（行政复议、行政诉讼）。这类报告只识别为旧格式，不按现行格式检查，也不读其统计表。",
        bad: "2017年度年报附“政府信息公开情况统计表”（统计指标 | 单位 | 统计数）",
        good: "2019年度及以后的年报使用国办公开办函〔2019〕60号或〔2021〕30号规定的表格",
        check: Some(structure::pre2019),
    },
    Rule {
        code: "S301",
        severity: Severity::Error,
        name: "格式版本与年度不符",
        summary: "2021年及以后的年报须使用2021年版格式；2019、2020年度使用2019年版（试行）",
        explanation: "国办公开办函〔2021〕30号印发新格式，自2021年度年报起使用。2021年度及以后仍用旧表（如“本年新制作数量”“上一年项目数量”）属未按新格式编制，是错误；2020年度及以前使用新表则给出警告。",
        bad: "2022年度年报，表二列为“本年新制作数量、本年新公开数量、对外公开总数量”",
        good: "2022年度年报，表二列为“本年制发件数、本年废止件数、现行有效件数”",
        check: Some(structure::edition_year),
    },
    Rule {
        code: "S302",
        severity: Severity::Warning,
        name: "六个部分齐全且有序",
        summary: "正文须依次包括一、总体情况 至 六、其他需要报告的事项 六个部分",
        explanation: "格式规定年报由六部分组成，顺序固定。标题措辞可以略有不同（如“存在的主要问题及整改措施”），按关键词识别。【依据：格式、条例第五十条】",
        bad: "一、总体情况 二、工作机制保障 三、主动公开工作情况 ……（缺“存在的主要问题及改进情况”）",
        good: "一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项",
        check: Some(structure::six_parts),
    },
    Rule {
        code: "S303",
        severity: Severity::Warning,
        name: "缺少统计表",
        summary: "报告中应有表二、表三、表四三张统计表",
        explanation: "导入时在文中找不到某张统计表（可能是报告缺表，也可能是页面把表做成了图片）。该表的勾稽检查均未进行。",
        bad: "第三部分只有文字“本年度未收到申请”，没有表三",
        good: "第三部分列出完整的表三（即使全部为0）",
        check: None,
    },
    Rule {
        code: "S304",
        severity: Severity::Warning,
        name: "2021年版“其他处理”未分项",
        summary: "2021年版表三（六）其他处理应分3项填写",
        explanation: "2021年版格式把（六）其他处理分为：1.申请人无正当理由逾期不补正…、2.申请人逾期未按收费通知要求缴纳费用…、3.其他。只填一行合计是沿用旧表。",
        bad: "（六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
        good: "（六）其他处理 1.… | 0 … 2.… | 0 … 3.其他 | 0 …",
        check: Some(structure::other_split),
    },
    Rule {
        code: "S305",
        severity: Severity::Warning,
        name: "统计期限",
        summary: "应写明统计期限，且为报告年度的1月1日至12月31日",
        explanation: "年报惯例在开头写明“本报告所列数据的统计期限自N年1月1日起至N年12月31日止”，N为报告年度。【依据：各地通行做法】",
        bad: "（未写统计期限）或 2023年度报告写“自2022年1月1日至2022年12月31日”",
        good: "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
        check: Some(structure::period),
    },
    Rule {
        code: "S306",
        severity: Severity::Warning,
        name: "标题含年度",
        summary: "标题应写明报告年度",
        explanation: "标题形如“××2023年政府信息公开工作年度报告”，年度与统计期限一致。【依据：各地通行做法】",
        bad: "××局政府信息公开工作年度报告",
        good: "××局2023年政府信息公开工作年度报告",
        check: Some(structure::title_year),
    },
    Rule {
        code: "S307",
        severity: Severity::Warning,
        name: "总体情况内容",
        summary: "2021年版：总体情况应涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障",
        explanation: "国办公开办函〔2021〕30号要求总体情况从主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等方面说明。【依据：2021年通知】",
        bad: "一、总体情况 只写主动公开和平台建设",
        good: "一、总体情况 （一）主动公开（二）依申请公开（三）政府信息管理（四）平台建设（五）监督保障",
        check: Some(structure::overview_coverage),
    },
    Rule {
        code: "S308",
        severity: Severity::Warning,
        name: "政府年报须报告考核、评议、追究",
        summary: "各级人民政府的年报应说明工作考核、社会评议和责任追究结果情况",
        explanation: "条例第五十条第（四）项：各级人民政府的年报还应包括“工作考核、社会评议和责任追究结果情况”。部门年报不要求。【依据：条例第五十条】",
        bad: "××区人民政府年报全文未提及考核、评议、责任追究",
        good: "……将政务公开纳入绩效考核……开展社会评议……全年未发生责任追究情况。",
        check: Some(structure::government_items),
    },
    Rule {
        code: "S309",
        severity: Severity::Warning,
        name: "问题与改进",
        summary: "第五部分应既写存在的问题，也写改进措施",
        explanation: "第五部分“存在的主要问题及改进情况”应列出问题和相应的改进措施；是否须说明上年问题的整改情况尚无正式依据（未确认），只作提示。【依据：格式；后半部分未确认】",
        bad: "五、存在的主要问题及改进情况：无。",
        good: "五、……一是……不足；下一步将……加强……",
        check: Some(structure::problems_measures),
    },
    Rule {
        code: "S310",
        severity: Severity::Info,
        name: "开头说明发布渠道和联系方式",
        summary: "开头一段宜说明报告在何处公布以及咨询联系方式",
        explanation: "惯例：开头说明报告电子版在哪个网站公布，如有疑问与谁联系（地址、电话）。【依据：惯例】",
        bad: "（开头没有网站和联系方式）",
        good: "本报告在××政府网站公布……如有疑问请与××办公室联系（电话：……）。",
        check: Some(structure::opening_contact),
    },
    Rule {
        code: "S311",
        severity: Severity::Warning,
        name: "信息处理费",
        summary: "2021年起，第六部分应说明收取信息处理费的情况（金额或未收取）",
        explanation: "依国办函〔2020〕109号《政府信息公开信息处理费管理办法》，各地年报通常在第六部分说明本年度收取信息处理费的情况；只写“无”不够明确。确切要求未见正式文件（未确认），因此只作警告。",
        bad: "六、其他需要报告的事项：无。",
        good: "六、其他需要报告的事项：本年度未收取信息处理费。",
        check: Some(structure::processing_fee),
    },
    Rule {
        code: "S312",
        severity: Severity::Warning,
        name: "列举序号不连续",
        summary: "“一是……二是……三是……”的序号应连续、不重复",
        explanation: "正文用“一是、二是、三是”列举时，序号跳号或重复通常是修改时漏改。【依据：公文写作规范】",
        bad: "存在的问题主要有：一是……；三是……；三是……。",
        good: "存在的问题主要有：一是……；二是……；三是……。",
        check: Some(structure::enumeration),
    },
    Rule {
        code: "S313",
        severity: Severity::Warning,
        name: "小标题序号不连续",
        summary: "同一部分内（一）（二）……和其下 1. 2. ……的序号应连续，不跳号、不重复",
        explanation: "各部分的小标题按（一）（二）（三）依次编号，其下各项按 1. 2. 3. 依次编号。跳号或重复多是删改段落后没有重新编号。各地评估细则把提纲层次混乱列为扣分项；国家格式未作规定，因此只作警告。由图片识别（OCR）读出的文字不查S313–S315（序号可能是识别误差）。【依据：地方实践，未经国家文件确认】",
        bad: "一、总体情况 （一）主动公开…… （三）依申请公开……",
        good: "一、总体情况 （一）主动公开…… （二）依申请公开……",
        check: Some(outline::numbering),
    },
    Rule {
        code: "S314",
        severity: Severity::Warning,
        name: "序号体系混用",
        summary: "同一部分的小标题应使用同一种序号（（一）（二）……），不与 1. 2. 混用",
        explanation: "公文结构层次序数依次为“一、”“（一）”“1.”“（1）”。同一层级的小标题先用“1.”后用“（二）”，读者无法分辨层次。【依据：党政机关公文格式 GB/T 9704 的层次序数；未经国家年报文件确认】",
        bad: "一、总体情况 1.主动公开…… （二）依申请公开……",
        good: "一、总体情况 （一）主动公开…… （二）依申请公开……",
        check: None,
    },
    Rule {
        code: "S315",
        severity: Severity::Warning,
        name: "小标题用了一级序号",
        summary: "部分内的小标题不应使用“一、二、”这样的一级序号，以免与报告的六个部分混淆",
        explanation: "年报的六个部分用“一、”至“六、”编号；部分内的小标题是下一层级，应使用“（一）（二）”。用“二、”编号的小标题会被读成报告的第二部分。【依据：GB/T 9704 的层次序数；未经国家年报文件确认】",
        bad: "一、总体情况 一、主动公开情况…… 二、依申请公开情况……",
        good: "一、总体情况 （一）主动公开情况…… （二）依申请公开情况……",
        check: None,
    },
    Rule {
        code: "S316",
        severity: Severity::Warning,
        name: "沿用2019年版格式的说法",
        summary: "2021年版格式的报告正文不应再用2019年版表二的说法（上一年项目数量、本年增/减、收费N项）",
        explanation: "2021年版表二把行政许可、行政处罚等改为本年处理决定数量，把行政事业性收费改为本年收费金额，不再填上一年项目数量和本年增/减。正文仍写“行政事业性收费0项，本年度无增减”，说明是照搬了旧格式的文字。",
        bad: "2023年报：行政事业性收费0项，本年度无增减",
        good: "2023年报：本年行政事业性收费金额0万元",
        check: Some(report_year::old_wording),
    },
    Rule {
        code: "S317",
        severity: Severity::Warning,
        name: "报告自述的年度不一致",
        summary: "标题、开头和正文中说明本报告年度的年份应与报告年度一致",
        explanation: "“编制完成2023年度政府信息公开工作年度报告”出现在2022年度的报告里，多是套用了别的年份的文字。与其他年份的比较（“较2021年”“2021年度报告中提出的问题”）不在此列。",
        bad: "2022年度的报告开头：“编制完成2023年度政府信息公开工作年度报告”",
        good: "“编制完成2022年度政府信息公开工作年度报告”",
        check: Some(report_year::own_year),
    },
    Rule {
        code: "X401",
        severity: Severity::Error,
        name: "正文“收到申请”与表三不符",
        summary: "正文所写收到申请件数应等于表三“一、本年新收”总计",
        explanation: "正文写“收到政府信息公开申请N件”时，N应与表三第一项总计一致；若N等于新收与上年结转之和，说明把上年结转计入了“收到”（警告）。",
        bad: "正文“收到政府信息公开申请75件”，表三本年新收74件、上年结转1件",
        good: "正文“新收政府信息公开申请74件，上年结转1件”",
        check: Some(text_table::received),
    },
    Rule {
        code: "X402",
        severity: Severity::Error,
        name: "正文“办结”与表三不符",
        summary: "正文所写办结（答复）件数应等于表三（七）总计",
        explanation: "正文写“办结N件”“答复N件”时，N应与表三（七）总计一致。",
        bad: "正文“办结70件”，表三（七）总计69",
        good: "正文“办结69件”，表三（七）总计69",
        check: Some(text_table::completed),
    },
    Rule {
        code: "X403",
        severity: Severity::Error,
        name: "正文“结转”与表三不符",
        summary: "正文所写结转下年度件数应等于表三第四项，上年结转件数应等于第二项",
        explanation: "正文写“N件结转下年度办理”时，N应与表三“四、结转下年度继续办理”总计一致；写“上年结转N件”时应与第二项一致。",
        bad: "正文“2件结转下年度继续办理”，表三第四项总计1",
        good: "正文“1件结转下年度继续办理”，表三第四项总计1",
        check: Some(text_table::carried),
    },
    Rule {
        code: "X404",
        severity: Severity::Error,
        name: "正文复议、诉讼件数与表四不符",
        summary: "正文所写行政复议、行政诉讼件数应与表四总计一致",
        explanation: "正文写“行政复议N件”时应等于表四行政复议总计；“行政诉讼N件”应等于未经复议直接起诉与复议后起诉两组总计之和。",
        bad: "正文“行政复议3件”，表四行政复议总计2",
        good: "正文“行政复议2件”，表四行政复议总计2",
        check: Some(text_table::appeals),
    },
    Rule {
        code: "X405",
        severity: Severity::Error,
        name: "正文办理结果件数与表三不符",
        summary: "正文所写予以公开、部分公开、不予公开、无法提供、不予处理、其他处理件数应与表三一致",
        explanation: "正文写“无法提供N件”等，N应等于表三相应分项之和（总计列）。上海市政府办公厅2019年报正文“无法提供265件”，而表中无法提供三项合计337件，265只是“本机关不掌握”一项。",
        bad: "正文“无法提供265件”，表三（四）无法提供三项合计337",
        good: "正文“无法提供337件（其中本机关不掌握相关政府信息265件）”",
        check: Some(text_table::results),
    },
    Rule {
        code: "X406",
        severity: Severity::Error,
        name: "正文称未收到申请，表三却有新收",
        summary: "正文写“未收到政府信息公开申请”“无依申请公开”，表三“一、本年新收”总计却不为0",
        explanation: "正文说本年未收到申请，表三本年新收就应为0；两者必有一处错误。正文所说的是比本机关窄的范围（如“其中…”“代表…”）时只作警告；说的是上年的不予检查。",
        bad: "正文“本年度未收到政府信息公开申请”，表三本年新收总计3",
        good: "正文“本年度共收到政府信息公开申请3件”，表三本年新收总计3",
        check: Some(text_claims::no_applications),
    },
    Rule {
        code: "X407",
        severity: Severity::Error,
        name: "正文称全部办结，表三却有结转",
        summary: "正文写“所有申请均已办结”“全部办结”，表三“四、结转下年度继续办理”却不为0",
        explanation: "有申请结转下年度继续办理，就不是全部办结。“均在法定期限内办结”可能只指已办结的申请，只作警告。",
        bad: "正文“所有申请均已办结”，表三结转下年度继续办理2件",
        good: "正文“办结48件，2件结转下年度继续办理”",
        check: Some(text_claims::all_completed),
    },
    Rule {
        code: "X408",
        severity: Severity::Error,
        name: "正文称未发生复议诉讼，表四却有案件",
        summary: "正文写“未发生行政复议、行政诉讼”，表四行政复议或行政诉讼总计却不为0",
        explanation: "复议和诉讼分别核对：正文说未发生行政复议而表四行政复议总计大于0，或说未发生行政诉讼而未经复议直接起诉、复议后起诉总计大于0，均为矛盾。",
        bad: "正文“本年度未发生因政府信息公开引起的行政复议、行政诉讼”，表四行政复议总计1",
        good: "正文“本年度发生政府信息公开行政复议1件，未发生行政诉讼”",
        check: Some(text_claims::no_appeals),
    },
    Rule {
        code: "X409",
        severity: Severity::Warning,
        name: "正文称未收费，表三却有逾期未缴费",
        summary: "2021年版：正文写“未收取信息处理费”，表三（六）其他处理第2项“逾期未按收费通知要求缴纳费用”却不为0",
        explanation: "表三（六）2 不为0，说明本机关曾依《政府信息公开信息处理费管理办法》发出收费通知；正文应说明收费情况。申请人最终未缴费时确实未收取费用，所以只作警告。【依据：国办函〔2020〕109号；具体要求未确认】",
        bad: "正文“本年度未收取信息处理费”，表三（六）2 为1",
        good: "正文“本年度发出收费通知1件，申请人逾期未缴纳，实际未收取信息处理费”",
        check: Some(text_claims::no_fee),
    },
    Rule {
        code: "X410",
        severity: Severity::Error,
        name: "正文各类申请人件数与表三不符",
        summary: "正文“其中自然人申请N件”“法人或其他组织N件”“商业企业N件”应与表三“一、本年新收”相应列一致",
        explanation: "正文按申请人分列收到的申请时，各数应等于表三第一行对应列（法人或其他组织为五列之和）。若正文数等于本年新收加上年结转，是把结转计入了“收到”，只作警告。",
        bad: "正文“收到75件，其中自然人72件、商业企业3件”，表三本年新收自然人71、商业企业3、上年结转自然人1",
        good: "正文“本年新收74件，其中自然人71件、商业企业3件；上年结转1件”",
        check: Some(text_detail::applicants),
    },
    Rule {
        code: "X411",
        severity: Severity::Warning,
        name: "正文引用的表二数字与表二不符",
        summary: "正文所写现行有效规范性文件、行政许可、行政处罚、收费金额等应与表二一致",
        explanation: "正文与表二口径可能不同（如许可事项数与许可决定数），所以只作警告。表二该格未能读取（粘连数字有多种拆法）时，正文数字作为提示列出，供核对原表，不用来填补单元格。",
        bad: "正文“现行有效行政规范性文件393件”，表二现行有效件数470",
        good: "正文与表二都为393件",
        check: Some(text_detail::table_two),
    },
    Rule {
        code: "D501",
        severity: Severity::Error,
        name: "上年结转与上年报告不符",
        summary: "本年表三“二、上年结转”各列应等于上年报告“四、结转下年度继续办理”各列",
        explanation: "上一年度结转下年度继续办理的申请，就是本年度的上年结转，跨格式版本也成立。需用 --previous 提供上年报告，或在批量检查中与同一单位的上年报告自动配对。【依据：连续性】",
        bad: "2023年报上年结转3件，2022年报结转下年度继续办理1件",
        good: "2023年报上年结转1件，2022年报结转下年度继续办理1件",
        check: Some(cross_year::carry_over),
    },
    Rule {
        code: "D502",
        severity: Severity::Warning,
        name: "现行有效件数连续性",
        summary: "2021年版：现行有效件数 ≈ 上年现行有效件数 + 本年制发件数 − 本年废止件数",
        explanation: "规章、行政规范性文件的现行有效件数应能由上年数加本年制发减本年废止得出；文件修订等会使其不完全相等，因此只作警告。",
        bad: "上年现行有效60，本年制发8、废止26，本年现行有效66",
        good: "上年现行有效84，本年制发8、废止26，本年现行有效66",
        check: Some(cross_year::valid_count),
    },
    Rule {
        code: "D503",
        severity: Severity::Warning,
        name: "上一年项目数量连续性",
        summary: "2019年版：本年“上一年项目数量” = 上年报告的“上一年项目数量” + “本年增/减”",
        explanation: "2019年版表二第（五）（六）（八）项的“上一年项目数量”应与上年报告相衔接。",
        bad: "2019年报 行政许可 上一年5、增减+3；2020年报 上一年项目数量 7",
        good: "2020年报 上一年项目数量 8",
        check: Some(cross_year::item_count),
    },
    Rule {
        code: "D504",
        severity: Severity::Warning,
        name: "内容雷同",
        summary: "总体情况、存在的主要问题及改进情况与上年几乎相同",
        explanation: "2021年通知把年报内容与上年雷同列为问责情形之一。两年文字相似度达九成以上时提示。",
        bad: "2023年报第五部分与2022年报第五部分只改了年份",
        good: "针对本年度实际写出新的问题和措施",
        check: Some(cross_year::similar_text),
    },
    Rule {
        code: "D505",
        severity: Severity::Warning,
        name: "统计数据与上年完全相同",
        summary: "表三、表四的全部数据与上年报告完全相同（且有非零数字）",
        explanation: "两年的申请和复议诉讼数据逐格相同，极可能是照搬了上年报告；全为0的表格不提示。需上年报告（--previous 或批量检查时自动配对）。",
        bad: "2023年报表三、表四与2022年报逐格相同，本年新收均为12",
        good: "按本年度实际办理情况重新统计填报",
        check: Some(cross_year::copied_tables),
    },
    Rule {
        code: "D506",
        severity: Severity::Info,
        name: "数据较上年变化较大",
        summary: "本年新收申请、行政复议或行政诉讼总计较上年变化五倍以上（两年均不少于10件）",
        explanation: "数量大起大落可能是统计口径变化（如把咨询计入申请）或填错行，仅作提示，建议复核。",
        bad: "上年新收12件，本年新收120件",
        good: "核实后在正文说明变化原因",
        check: Some(cross_year::large_changes),
    },
    Rule {
        code: "D507",
        severity: Severity::Warning,
        name: "与上年重复率高",
        summary: "总体情况、存在的主要问题及改进情况中一半以上的文字与上年报告的句子相同",
        explanation: "逐个分句（以句号、分号、逗号、冒号分开）比较第一、第五部分与同一单位上年报告（去掉空白、标点和数字后相同即算重复），按字数计算重复率，达到50%时提示。宿迁市年报评估指标对“与上年度重复率大于50%”扣分；国家层面没有统一的重复率标准，因此只作警告。【依据：地方实践，未经国家文件确认】",
        bad: "2023年报第一部分20句中有15句只把“2022年”改成了“2023年”",
        good: "写出本年度新做的工作、新发现的问题和具体措施",
        check: Some(cross_year::repeated_sentences),
    },
    Rule {
        code: "D508",
        severity: Severity::Warning,
        name: "沿用上年文字",
        summary: "某一部分的文字与上年报告相同，只改了年份",
        explanation: "新建下一年度草稿时，各部分从上年报告的文字开始（年份已改为本年度）。在改写之前，这些文字里的数字和情况仍是上年的；改写后本条消失。文字中有年份以外的数字（如“收取信息处理费3940元”）时作警告，没有数字时（如“无其他需要报告的事项”）只作提示。第一、五部分较长时由D504按相似度提示。",
        bad: "2025年报第二部分仍写“本年度制发规范性文件5件”，是2024年的数字",
        good: "按2025年的情况改写第二部分",
        check: Some(cross_year::carried_text),
    },
    Rule {
        code: "P601",
        severity: Severity::Warning,
        name: "县级以下机关的规章数",
        summary: "只有国务院部门、省级和设区的市级人民政府可以制定规章；县级及以下机关规章栏应为0",
        explanation: "依《立法法》，县级、乡级机关没有规章制定权，其年报表二“规章”行出现非零数字通常是把规范性文件填错了行。",
        bad: "××县商务局：规章 本年制发 2",
        good: "××县商务局：规章 0，行政规范性文件 2",
        check: Some(plausible::county_rules),
    },
    Rule {
        code: "P602",
        severity: Severity::Warning,
        name: "收费金额单位",
        summary: "行政事业性收费金额的单位是万元；数额过大时可能误按元填写",
        explanation: "表二（八）“本年收费金额（单位：万元）”。金额超过100亿元（1000000万元）通常是按元填写。",
        bad: "本年收费金额 5000000（实为500万元）",
        good: "本年收费金额 500",
        check: Some(plausible::fee_unit),
    },
    Rule {
        code: "P603",
        severity: Severity::Warning,
        name: "结转下年度偏多",
        summary: "结转下年度继续办理的申请相对本年新收偏多",
        explanation: "年底结转的申请一般只占少数；结转数超过本年新收的一半（且不少于10件）时请核对是否填错行。",
        bad: "本年新收12，结转下年度10",
        good: "本年新收12，结转下年度1",
        check: Some(plausible::large_carry),
    },
    Rule {
        code: "M701",
        severity: Severity::Info,
        name: "实质公开率",
        summary: "（予以公开 + 部分公开）÷ 办结（（七）总计），供汇总参考",
        explanation: "评估中常用的指标，只作提示，不表示对错。",
        bad: "予以公开9件、部分公开0件、办结35件：实质公开率25.7%",
        good: "（仅供参考，无对错之分）",
        check: Some(metrics::disclosure_rate),
    },
    Rule {
        code: "M702",
        severity: Severity::Info,
        name: "行政复议纠错率",
        summary: "行政复议 结果纠正 ÷ 行政复议 总计，供汇总参考",
        explanation: "评估中常用的指标，只作提示，不表示对错。",
        bad: "复议总计5件，结果纠正1件：纠错率20.0%",
        good: "（仅供参考，无对错之分）",
        check: Some(metrics::correction_rate),
    },
    Rule {
        code: "B701",
        severity: Severity::Warning,
        name: "政府年报与汇总不一致",
        summary: "政府本级年报的表三、表四与所汇总的部门、乡镇（街道）年报之和不一致",
        explanation: "县级政务公开主管部门一般先汇总本地区各部门和乡镇（街道）的年报再编写政府本级年报；`nianbao sum` 把所给年报的表三、表四逐格相加，与文件夹中的政府年报比较。各地汇总范围不同（有的不含垂直管理单位），因此只作警告。【依据：实践】",
        bad: "各部门、乡镇年报本年新收合计120件，县政府年报本年新收95件",
        good: "县政府年报本年新收120件，或说明汇总范围",
        check: None,
    },
    Rule {
        code: "C801",
        severity: Severity::Warning,
        name: "格式文件与年度不符",
        summary: "2021年及以后的报告应依据国办公开办函〔2021〕30号，2019、2020年度依据〔2019〕60号",
        explanation: "2021年版格式（国办公开办函〔2021〕30号）自2021年度报告起使用，2019年版（试行，〔2019〕60号）只用于2019、2020年度。2021年以后的报告仍写依据〔2019〕60号，说明开头沿用了旧文字。",
        bad: "2024年度报告：“根据《关于印发〈中华人民共和国政府信息公开工作年度报告格式（试行）〉的通知》（国办公开办函〔2019〕60号）”",
        good: "“根据……（国办公开办函〔2021〕30号）”",
        check: Some(citations::citations),
    },
    Rule {
        code: "C802",
        severity: Severity::Warning,
        name: "文号写法有误",
        summary: "年报格式文件的文号应写作“国办公开办函〔2021〕30号”（或〔2019〕60号）",
        explanation: "常见的误写有“国办公开函”“国办函”（缺字），以及在提到年度报告格式时写错序号。文号写错会使依据无从查考。",
        bad: "国办公开函〔2021〕30号",
        good: "国办公开办函〔2021〕30号",
        check: None,
    },
    Rule {
        code: "C803",
        severity: Severity::Warning,
        name: "引用了当时尚未印发的文件",
        summary: "报告不应引用报告年度之后才印发的格式文件",
        explanation: "〔2021〕30号于2021年9月印发，2020年度的报告（2021年3月底前发布）不可能依据它；这样的引用多是后来改动过报告或套用了别的年份的文字。",
        bad: "2020年度报告：依据国办公开办函〔2021〕30号",
        good: "2020年度报告：依据国办公开办函〔2019〕60号",
        check: None,
    },
    Rule {
        code: "C804",
        severity: Severity::Warning,
        name: "引用已修订的条例",
        summary: "2019年度起的报告不应把2007年的条例（国务院令第492号）当作现行条例引用",
        explanation: "《中华人民共和国政府信息公开条例》于2019年4月修订（国务院令第711号），2019年5月15日起施行。只写“国务院令第492号”而不提修订，是引用了旧条例。",
        bad: "根据《中华人民共和国政府信息公开条例》（国务院令第492号）",
        good: "根据《中华人民共和国政府信息公开条例》（国务院令第711号）",
        check: None,
    },
    Rule {
        code: "W801",
        severity: Severity::Info,
        name: "字词重复",
        summary: "正文中有重复的字词（如“的的”“公开公开”）",
        explanation: "多是修改时留下的笔误。只查几乎不会重叠使用的虚词和重叠的双字词，同一报告汇总为一条，列出处数和前几处。由图片识别（OCR）读出的报告不查W801–W803：其标点和字是识别的结果，不一定是原件所印。",
        bad: "坚持公开的的原则",
        good: "坚持公开的原则",
        check: Some(wording::wording),
    },
    Rule {
        code: "W802",
        severity: Severity::Info,
        name: "标点不配对",
        summary: "段落中的书名号《》、引号“”、括号（）应成对",
        explanation: "不成对多是漏了半边，或全角与半角混用（“（以下简称《条例》)”）。按段落查，同一报告汇总为一条。",
        bad: "根据《条例规定，……",
        good: "根据《条例》规定，……",
        check: None,
    },
    Rule {
        code: "W803",
        severity: Severity::Info,
        name: "中文中用了半角标点",
        summary: "中文句子中应使用全角标点（，；：（）），不用半角的 , ; : ( )",
        explanation: "半角标点夹在汉字之间，多是从其他系统复制或输入法切换造成的。同一报告汇总为一条，列出处数和前几处。",
        bad: "坚持应公开尽公开,持续推进",
        good: "坚持应公开尽公开，持续推进",
        check: None,
    },
    Rule {
        code: "W804",
        severity: Severity::Warning,
        name: "模板占位符未替换",
        summary: "报告中不应留有“××”“XX”“某某”等模板占位符",
        explanation: "占位符说明报告是照模板填写、还有内容没有填上（如“请与××联系”）。发布的报告里出现时作警告。",
        bad: "如对本报告有疑问，请与××办公室联系",
        good: "如对本报告有疑问，请与县政府办公室联系（电话：……）",
        check: None,
    },
    Rule {
        code: "L901",
        severity: Severity::Warning,
        name: "总体情况字数超过地方细则上限",
        summary: "按地方细则（--profile）：“一、总体情况”的字数不超过细则规定的上限",
        explanation: "有的地方评估细则限定总体情况的篇幅（如不超过1000字）。国家格式没有字数要求，因此只有在给出地方细则文件、其中写明“总体情况字数上限”时才检查，只作警告。【依据：地方实践，未经国家文件确认】",
        bad: "细则上限1000字，总体情况写了1860字",
        good: "总体情况压缩到1000字以内，细节放在各部分",
        check: Some(profile::overview_length),
    },
    Rule {
        code: "T101",
        severity: Severity::Warning,
        name: "台账日期无法识别",
        summary: "台账中收到日期或答复日期缺失、无法识别的行不计入表三",
        explanation: "由台账生成表三时，每一行按收到日期和答复日期归入“本年新收”“上年结转”“办理结果”“结转下年度”。日期缺失或写法无法识别（如“2025.13.2”）的行不作猜测，列出行号，不计入任何一格。日期可写作2025-01-05、2025/1/5、2025年1月5日、2025.1.5或Excel日期。",
        bad: "第7行 收到日期“1月5号”",
        good: "第7行 收到日期“2025年1月5日”",
        check: None,
    },
    Rule {
        code: "T102",
        severity: Severity::Warning,
        name: "台账办理结果或申请人类型无法归类",
        summary: "办理结果对应不到表三的行、申请人类型无法判断的行不计入表三",
        explanation: "办理结果须能对应表三的一行：予以公开、部分公开、不予公开（写明理由）、无法提供（写明情形）、不予处理（写明情形）、其他处理（写明情形；撤回申请计入其他处理）。只写“不予公开”而不写理由、或写“已处理”的行不作猜测，列出行号，不计入。申请人类型、名称都无法判断的行同样处理。",
        bad: "第9行 办理结果“不予公开”（未写理由）",
        good: "第9行 办理结果“不予公开（属于四类过程性信息）”",
        check: None,
    },
    Rule {
        code: "T103",
        severity: Severity::Info,
        name: "申请人类型由名称推定",
        summary: "台账未写申请人类型的行，按申请人名称推定（公司→商业企业、律师事务所→法律服务机构等），请核对",
        explanation: "没有“申请人类型”列或该格为空时，按名称推定：公司、企业、商行→商业企业；律师事务所→法律服务机构；大学、学院、研究院、研究所→科研机构；协会、基金会、学会→社会公益组织；委员会、村、社区→其他；二至四个汉字的姓名→自然人。推定的行逐一列出，供核对。",
        bad: "第3行 申请人“福州某某科技有限公司”，类型空白",
        good: "第3行 申请人类型“法人或其他组织-商业企业”",
        check: None,
    },
    Rule {
        code: "T104",
        severity: Severity::Warning,
        name: "台账答复早于收到",
        summary: "答复日期早于收到日期的行不计入表三",
        explanation: "答复不可能早于收到，多是两列填反或年份写错。这样的行会破坏“一+二=三（七）+四”的关系，因此列出行号，不计入。",
        bad: "第12行 收到2025-03-10，答复2025-03-01",
        good: "第12行 收到2025-03-01，答复2025-03-10",
        check: None,
    },
    Rule {
        code: "T105",
        severity: Severity::Info,
        name: "超期答复",
        summary: "答复晚于收到后20个工作日（延期的40个工作日），供办理人员参考",
        explanation: "《政府信息公开条例》第三十三条：不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长的，经负责人同意并告知申请人，延长期限最长不得超过20个工作日。工作日按国务院办公厅每年的部分节假日安排通知计算（2019—2026年，数据中写明每年的文件）。收到日期按台账所写；补正、征求第三方意见的时间未扣除，因此只作提示。",
        bad: "2025-03-03收到，2025-04-15答复，未延期",
        good: "2025-03-03收到，2025-03-28答复",
        check: None,
    },
    Rule {
        code: "T106",
        severity: Severity::Info,
        name: "无节假日数据",
        summary: "没有该年节假日安排数据的申请，不核对答复期限",
        explanation: "工作日按每年的节假日安排计算；本工具收有2019—2026年的数据。其他年份收到的申请不核对是否超期，并说明。",
        bad: "2018年收到的申请",
        good: "2019—2026年收到的申请按节假日安排核对",
        check: None,
    },
}

/// Looks up a rule by code (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// Checks a report (and, with `previous`, the cross-year rules). Findings come in rule order,
/// import notes first.
pub fn check(report: &Report, previous: Option<&Report>) -> Vec<Finding> {
    check_with(report, previous, &NO_PROFILE)
}

/// No local rubric: the national checks only.
static NO_PROFILE: Profile = Profile { name: String::new(), overview_max_chars: None };

/// [`check`] with a local rubric's checks turned on by `profile` (rules `L9xx`).
pub fn check_with(report: &Report, previous: Option<&Report>, profile: &Profile) -> Vec<Finding> {
    let ctx = Ctx::with_profile(report, previous, profile);
    let mut out: Vec<Finding> = report.provenance.notes.clone();
    // a report in the format before 2019 gets only the finding that says so
    let old = report.edition == crate::layout::Edition::Pre2019;
    for (_, check) in CHECKS.iter().filter(|(code, _)| !old || *code == "S300") {
        if let Some(f) = check {
            f(&ctx, &mut out);
        }
    }
    // one doubt about a reading a cell, however many relations it breaks
    let mut doubted = std::collections::HashSet::new();
    out.retain(|f| f.code != "I006" || doubted.insert(f.cells.clone()));
    out
}

/// Counts errors, warnings and infos.
pub fn tally(findings: &[Finding]) -> (usize, usize, usize) {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(RULES[i + 1..].iter().all(|o| o.code != r.code), "duplicate {}", r.code);
            assert!(!r.summary.is_empty() && !r.explanation.is_empty() && !r.bad.is_empty() && !r.good.is_empty());
        }
        assert!(rule("a101").is_some());
    }

    #[test]
    fn values_beyond_range_are_v201_errors_and_never_wrap() {
        let mut r = crate::draft::new_draft(2024, "某县商务局", crate::model::Level::Department);
        let l = r.layout();
        for row in 0..l.t3_rows.len() {
            for col in 0..l.t3_columns.len() {
                r.set(l.t3(row, col), Some(crate::Number::Int(i64::MAX)));
            }
        }
        r.set(l.t4(0, 0), Some(crate::Number::Int(i64::MIN)));
        let found = check(&r, Some(&r.clone()));
        let v201 = found.iter().filter(|f| f.code == "V201").count();
        assert!(v201 > l.t3_rows.len() * l.t3_columns.len(), "every huge cell is reported: {v201}");
        assert!(found.iter().all(|f| !f.message.contains('-') || f.code != "A101"), "no wrapped sums");
    }
}
