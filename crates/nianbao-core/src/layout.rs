//! The official table layouts of both format editions, defined once as data.
//!
//! Everything that knows about rows, columns, labels or sums reads this module: the importer
//! (labels and keywords), the rules (sum relations), the renderers and the web form (labels,
//! merged headers). Adding a row or an edition means editing the tables below and nothing else.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The edition of the national format a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Edition {
    /// 国办公开办函〔2019〕60号《…年度报告格式（试行）》, used for the 2019 and 2020 reports.
    #[serde(rename = "2019")]
    E2019,
    /// 国办公开办函〔2021〕30号《…年度报告格式》, used from the 2021 reports on.
    #[serde(rename = "2021")]
    E2021,
    /// The format before the 2019 revision of the 条例 (reports for 2018 and earlier): a
    /// 政府信息公开情况统计表, no tables 三 and 四. Recognised on import only; none of the 2019/2021
    /// rules apply, and its tables are not read (the model keeps the 2019 layout's cells, blank).
    #[serde(rename = "pre2019")]
    Pre2019,
}

impl Edition {
    /// The edition the format prescribes for a report year.
    pub fn for_year(year: u16) -> Edition {
        if year >= 2021 {
            Edition::E2021
        } else {
            Edition::E2019
        }
    }

    /// "2019", "2021" or "pre2019", as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::E2019 => "2019",
            Edition::E2021 => "2021",
            Edition::Pre2019 => "pre2019",
        }
    }

    /// The Chinese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Edition::E2019 => "2019年版（试行）格式",
            Edition::E2021 => "2021年版格式",
            Edition::Pre2019 => "2019年以前格式",
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The three statistical tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TableId {
    /// 表二 主动公开政府信息情况.
    #[serde(rename = "二")]
    T2,
    /// 表三 收到和处理政府信息公开申请情况.
    #[serde(rename = "三")]
    T3,
    /// 表四 政府信息公开行政复议、行政诉讼情况.
    #[serde(rename = "四")]
    T4,
}

impl TableId {
    /// All tables in report order.
    pub const ALL: [TableId; 3] = [TableId::T2, TableId::T3, TableId::T4];

    /// "二", "三" or "四".
    pub fn numeral(self) -> &'static str {
        match self {
            TableId::T2 => "二",
            TableId::T3 => "三",
            TableId::T4 => "四",
        }
    }

    /// The ASCII prefix of the cell ids of this table.
    pub fn prefix(self) -> &'static str {
        match self {
            TableId::T2 => "t2",
            TableId::T3 => "t3",
            TableId::T4 => "t4",
        }
    }

    /// The official title of the table (same as the part heading it sits under).
    pub fn title(self) -> &'static str {
        match self {
            TableId::T2 => "主动公开政府信息情况",
            TableId::T3 => "收到和处理政府信息公开申请情况",
            TableId::T4 => "政府信息公开行政复议、行政诉讼情况",
        }
    }
}

/// What a cell may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// A non-negative integer count.
    Count,
    /// A signed integer (2019 本年增/减).
    Signed,
    /// A decimal amount of money; the unit is given by the header or written in the cell.
    Money,
}

/// A column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Stable ASCII key, part of cell ids.
    pub key: &'static str,
    /// The official label.
    pub label: &'static str,
    /// Folded fragments that identify the column header in published text.
    pub keywords: &'static [&'static str],
    /// What the column's cells hold.
    pub kind: CellKind,
}

/// A data row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Stable ASCII key, part of cell ids.
    pub key: &'static str,
    /// The official label, exactly as printed.
    pub label: &'static str,
    /// Folded fragments (see [`crate::text::fold`]) that identify the row in published text,
    /// most specific first. A fragment must be short enough not to be cut by a line break.
    pub keywords: &'static [&'static str],
    /// The sub-item number printed before the label ("1." … "8."), if any.
    pub ordinal: Option<u8>,
    /// The spanning group the row belongs to (table 三: 三/四/五/六), if any.
    pub group: Option<&'static str>,
}

/// A block of table 二 (one item of 条例 article 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Stable ASCII key.
    pub key: &'static str,
    /// The caption row, e.g. "第二十条第（一）项".
    pub caption: &'static str,
    /// Folded fragment that finds the caption.
    pub caption_key: &'static str,
    /// Columns after the 信息内容 column.
    pub columns: &'static [Column],
    /// Data rows.
    pub rows: &'static [Row],
}

/// A spanning group label of table 三 (not a data row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    /// Key used by [`Row::group`].
    pub key: &'static str,
    /// The official label, e.g. "（三）不予公开".
    pub label: &'static str,
    /// Folded fragments that find the label (a subtotal row some reports add).
    pub keywords: &'static [&'static str],
}

/// The position of a cell in the layout of one edition. Ordered by table, block, row, column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellRef {
    /// The table.
    pub table: TableId,
    /// Block index (table 二 only, 0 elsewhere).
    pub block: u8,
    /// Row index within the block or table.
    pub row: u8,
    /// Column index.
    pub col: u8,
}

impl CellRef {
    /// Table, block, row and column in one number, ordered as the fields are (cells are the keys
    /// of the report's maps, looked up hundreds of times per check).
    fn key(self) -> u32 {
        (self.table as u32) << 24 | u32::from(self.block) << 16 | u32::from(self.row) << 8 | u32::from(self.col)
    }
}

impl Ord for CellRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for CellRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// How the cells of a relation add up: the sum of `lhs` must equal the sum of `rhs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// Which rule family the relation belongs to.
    pub kind: RelationKind,
    /// Left-hand cells, summed.
    pub lhs: Vec<CellRef>,
    /// Right-hand cells, summed.
    pub rhs: Vec<CellRef>,
    /// For a column relation, the column; for a row relation, the row (for messages).
    pub axis: u8,
}

/// The families of sum relations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationKind {
    /// 表三 per column: 一 + 二 = （七）总计 + 四 (the printed 勾稽 note).
    T3Balance,
    /// 表三 per column: （七）总计 = sum of the result rows.
    T3Results,
    /// 表三 per row: 总计 = 自然人 + the five 法人或其他组织 columns.
    T3RowTotal,
    /// 表四 per group: 维持 + 纠正 + 其他 + 尚未审结 = 总计.
    T4Group,
}

/// The layout of one edition.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The edition (of tables 三 and 四, and of the report).
    pub edition: Edition,
    /// The edition whose table 二 this layout has: the same as `edition`, except for a report
    /// whose table 二 still (or already) follows the other edition (see [`layout_with_t2`]).
    pub t2_edition: Edition,
    /// Table 二 blocks.
    pub t2: &'static [Block],
    /// Table 三 columns (7, the last is 总计).
    pub t3_columns: &'static [Column],
    /// Table 三 data rows in printed order.
    pub t3_rows: &'static [Row],
    /// Table 三 spanning groups.
    pub t3_groups: &'static [Group],
    /// Table 四 groups (行政复议, 未经复议直接起诉, 复议后起诉).
    pub t4_groups: &'static [Column],
    /// Table 四 columns inside each group (5, the last is 总计).
    pub t4_columns: &'static [Column],
}

/// The verbatim 勾稽 note printed in the top-left cell of table 三.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// The six parts of the report, in order: (official heading, folded keywords).
pub const PARTS: [(&str, &[&str]); 6] = [
    ("一、总体情况", &["总体情况"]),
    ("二、主动公开政府信息情况", &["主动公开政府信息情况", "主动公开政府信息"]),
    ("三、收到和处理政府信息公开申请情况", &["收到和处理政府信息公开申请", "收到和处理", "政府信息公开申请情况"]),
    (
        "四、政府信息公开行政复议、行政诉讼情况",
        &["行政复议、行政诉讼", "行政复议和行政诉讼", "复议、行政诉讼", "复议、诉讼", "行政复议"],
    ),
    ("五、存在的主要问题及改进情况", &["存在的主要问题", "主要问题及改进", "问题及改进", "问题及整改"]),
    ("六、其他需要报告的事项", &["其他需要报告的事项", "其他需要报告"]),
];

const fn col(key: &'static str, label: &'static str, keywords: &'static [&'static str], kind: CellKind) -> Column {
    Column { key, label, keywords, kind }
}

const fn row(key: &'static str, label: &'static str, keywords: &'static [&'static str]) -> Row {
    Row { key, label, keywords, ordinal: None, group: None }
}

const fn sub(
    key: &'static str,
    label: &'static str,
    keywords: &'static [&'static str],
    ordinal: u8,
    group: &'static str,
) -> Row {
    Row { key, label, keywords, ordinal: Some(ordinal), group: Some(group) }
}

// ---- table 二 -------------------------------------------------------------------------------

const R_RULE: Row = row("rule", "规章", &["规章"]);
const R_NORM_2021: Row = row("norm", "行政规范性文件", &["规范性文件"]);
const R_NORM_2019: Row = row("norm", "规范性文件", &["规范性文件"]);
const R_PERMIT: Row = row("permit", "行政许可", &["行政许可"]);
const R_SERVICE: Row = row("service", "其他对外管理服务事项", &["对外管理服务", "其他对外管理"]);
const R_PENALTY: Row = row("penalty", "行政处罚", &["行政处罚"]);
const R_FORCE: Row = row("force", "行政强制", &["行政强制"]);
const R_FEE: Row = row("fee", "行政事业性收费", &["事业性收费", "行政事业性"]);
const R_PURCHASE: Row = row("purchase", "政府集中采购", &["集中采购"]);

const C_MADE_2021: Column = col("made", "本年制发件数", &["制发"], CellKind::Count);
const C_ABOLISHED: Column = col("abolished", "本年废止件数", &["废止"], CellKind::Count);
const C_VALID: Column = col("valid", "现行有效件数", &["现行有效"], CellKind::Count);
const C_DECISIONS_2021: Column = col("decisions", "本年处理决定数量", &["处理决定"], CellKind::Count);
const C_FEE_2021: Column = col("amount", "本年收费金额（单位：万元）", &["收费金额"], CellKind::Money);

const C_MADE_2019: Column = col("made", "本年新制作数量", &["新制作"], CellKind::Count);
const C_PUBLISHED_2019: Column = col("published", "本年新公开数量", &["新公开"], CellKind::Count);
const C_TOTAL_2019: Column = col("total", "对外公开总数量", &["公开总数"], CellKind::Count);
const C_PREV_2019: Column = col("prev", "上一年项目数量", &["上一年项目"], CellKind::Count);
const C_CHANGE_2019: Column = col("change", "本年增/减", &["增/减", "增减"], CellKind::Signed);
const C_DECISIONS_2019: Column = col("decisions", "处理决定数量", &["处理决定"], CellKind::Count);
const C_PCOUNT_2019: Column = col("count", "采购项目数量", &["采购项目"], CellKind::Count);
const C_PAMOUNT_2019: Column = col("amount", "采购总金额", &["采购总金额", "总金额"], CellKind::Money);

static T2_2021: [Block; 4] = [
    Block {
        key: "i1",
        caption: "第二十条第（一）项",
        caption_key: "第二十条第(一)项",
        columns: &[C_MADE_2021, C_ABOLISHED, C_VALID],
        rows: &[R_RULE, R_NORM_2021],
    },
    Block {
        key: "i5",
        caption: "第二十条第（五）项",
        caption_key: "第二十条第(五)项",
        columns: &[C_DECISIONS_2021],
        rows: &[R_PERMIT],
    },
    Block {
        key: "i6",
        caption: "第二十条第（六）项",
        caption_key: "第二十条第(六)项",
        columns: &[C_DECISIONS_2021],
        rows: &[R_PENALTY, R_FORCE],
    },
    Block {
        key: "i8",
        caption: "第二十条第（八）项",
        caption_key: "第二十条第(八)项",
        columns: &[C_FEE_2021],
        rows: &[R_FEE],
    },
];

static T2_2019: [Block; 5] = [
    Block {
        key: "i1",
        caption: "第二十条第（一）项",
        caption_key: "第二十条第(一)项",
        columns: &[C_MADE_2019, C_PUBLISHED_2019, C_TOTAL_2019],
        rows: &[R_RULE, R_NORM_2019],
    },
    Block {
        key: "i5",
        caption: "第二十条第（五）项",
        caption_key: "第二十条第(五)项",
        columns: &[C_PREV_2019, C_CHANGE_2019, C_DECISIONS_2019],
        rows: &[R_PERMIT, R_SERVICE],
    },
    Block {
        key: "i6",
        caption: "第二十条第（六）项",
        caption_key: "第二十条第(六)项",
        columns: &[C_PREV_2019, C_CHANGE_2019, C_DECISIONS_2019],
        rows: &[R_PENALTY, R_FORCE],
    },
    Block {
        key: "i8",
        caption: "第二十条第（八）项",
        caption_key: "第二十条第(八)项",
        columns: &[C_PREV_2019, C_CHANGE_2019],
        rows: &[R_FEE],
    },
    Block {
        key: "i9",
        caption: "第二十条第（九）项",
        caption_key: "第二十条第(九)项",
        columns: &[C_PCOUNT_2019, C_PAMOUNT_2019],
        rows: &[R_PURCHASE],
    },
];

// ---- table 三 -------------------------------------------------------------------------------

static T3_COLUMNS: [Column; 7] = [
    col("np", "自然人", &["自然人"], CellKind::Count),
    col("biz", "商业企业", &["商业企业"], CellKind::Count),
    col("sci", "科研机构", &["科研机构"], CellKind::Count),
    col("npo", "社会公益组织", &["社会公益组织"], CellKind::Count),
    col("law", "法律服务机构", &["法律服务机构"], CellKind::Count),
    col("oth", "其他", &["其他"], CellKind::Count),
    col("total", "总计", &["总计"], CellKind::Count),
];

/// The label of the 法人或其他组织 header spanning five columns of table 三.
pub const T3_ORG_HEADER: &str = "法人或其他组织";
/// The label of the header spanning all seven columns of table 三.
pub const T3_APPLICANT_HEADER: &str = "申请人情况";
/// The spanning label of the result rows of table 三.
pub const T3_RESULTS_LABEL: &str = "三、本年度办理结果";

const G_DENY: Group = Group { key: "deny", label: "（三）不予公开", keywords: &["(三)不予公开"] };
const G_UNABLE: Group = Group { key: "unable", label: "（四）无法提供", keywords: &["(四)无法提供"] };
const G_REJECT: Group = Group { key: "reject", label: "（五）不予处理", keywords: &["(五)不予处理"] };
const G_OTHER: Group = Group { key: "other", label: "（六）其他处理", keywords: &["(六)其他处理"] };
static T3_GROUPS_2019: [Group; 3] = [G_DENY, G_UNABLE, G_REJECT];
static T3_GROUPS_2021: [Group; 4] = [G_DENY, G_UNABLE, G_REJECT, G_OTHER];

macro_rules! t3_rows {
    ($($other:expr),* $(,)?) => {
        [
            row("new", "一、本年新收政府信息公开申请数量", &["本年新收"]),
            row("carry", "二、上年结转政府信息公开申请数量", &["上年结转"]),
            row("open", "（一）予以公开", &["予以公开"]),
            row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", &["部分公开"]),
            sub("deny_secret", "1.属于国家秘密", &["国家秘密"], 1, "deny"),
            sub("deny_law", "2.其他法律行政法规禁止公开", &["其他法律", "行政法规禁止", "禁止公开"], 2, "deny"),
            sub("deny_safety", "3.危及“三安全一稳定”", &["三安全一稳定", "三安全", "危及"], 3, "deny"),
            sub("deny_third", "4.保护第三方合法权益", &["第三方合法权益", "保护第三方"], 4, "deny"),
            sub("deny_internal", "5.属于三类内部事务信息", &["三类内部事务", "内部事务"], 5, "deny"),
            sub("deny_process", "6.属于四类过程性信息", &["四类过程性", "过程性信息"], 6, "deny"),
            sub("deny_case", "7.属于行政执法案卷", &["行政执法案卷", "执法案卷", "属于行政执法"], 7, "deny"),
            sub("deny_query", "8.属于行政查询事项", &["行政查询事项", "行政查询"], 8, "deny"),
            sub("unable_none", "1.本机关不掌握相关政府信息", &["不掌握相关", "本机关不掌握", "不掌握"], 1, "unable"),
            sub("unable_make", "2.没有现成信息需要另行制作", &["没有现成信息", "另行制作", "没有现成"], 2, "unable"),
            sub("unable_unclear", "3.补正后申请内容仍不明确", &["补正后申请", "仍不明确", "补正后"], 3, "unable"),
            sub("reject_petition", "1.信访举报投诉类申请", &["信访举报投诉", "信访举报", "投诉类"], 1, "reject"),
            sub("reject_repeat", "2.重复申请", &["重复申请"], 2, "reject"),
            sub("reject_publication", "3.要求提供公开出版物", &["公开出版物", "出版物"], 3, "reject"),
            sub("reject_mass", "4.无正当理由大量反复申请", &["大量反复申请", "大量反复", "反复申请"], 4, "reject"),
            sub("reject_confirm", "5.要求行政机关确认或重新出具已获取信息", &["要求行政机关确认", "确认或重新出具", "重新出具", "已获取信息"], 5, "reject"),
            $($other,)*
            row("total", "（七）总计", &["(七)总计"]),
            row("next", "四、结转下年度继续办理", &["结转下年度", "下年度继续办理"]),
        ]
    };
}

static T3_ROWS_2019: [Row; 23] = t3_rows!(row("other", "（六）其他处理", &["(六)其他处理", "其他处理"]));

static T3_ROWS_2021: [Row; 25] = t3_rows!(
    sub(
        "other_overdue",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        &["逾期不补正", "无正当理由逾期", "不补正"],
        1,
        "other"
    ),
    sub(
        "other_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        &["收费通知", "缴纳费用", "逾期未按"],
        2,
        "other"
    ),
    sub("other_misc", "3.其他", &["其他"], 3, "other"),
);

// ---- table 四 -------------------------------------------------------------------------------

static T4_GROUPS: [Column; 3] = [
    col("review", "行政复议", &["行政复议"], CellKind::Count),
    col("direct", "未经复议直接起诉", &["直接起诉", "未经复议"], CellKind::Count),
    col("after", "复议后起诉", &["复议后起诉"], CellKind::Count),
];

static T4_COLUMNS: [Column; 5] = [
    col("keep", "结果维持", &["维持"], CellKind::Count),
    col("correct", "结果纠正", &["纠正"], CellKind::Count),
    col("other", "其他结果", &["其他"], CellKind::Count),
    col("pending", "尚未审结", &["尚未审结", "未审结"], CellKind::Count),
    col("total", "总计", &["总计"], CellKind::Count),
];

/// The header spanning the two litigation groups of table 四.
pub const T4_LITIGATION_HEADER: &str = "行政诉讼";

static LAYOUT_2019: Layout = Layout {
    edition: Edition::E2019,
    t2_edition: Edition::E2019,
    t2: &T2_2019,
    t3_columns: &T3_COLUMNS,
    t3_rows: &T3_ROWS_2019,
    t3_groups: &T3_GROUPS_2019,
    t4_groups: &T4_GROUPS,
    t4_columns: &T4_COLUMNS,
};

static LAYOUT_2021: Layout = Layout {
    edition: Edition::E2021,
    t2_edition: Edition::E2021,
    t2: &T2_2021,
    t3_columns: &T3_COLUMNS,
    t3_rows: &T3_ROWS_2021,
    t3_groups: &T3_GROUPS_2021,
    t4_groups: &T4_GROUPS,
    t4_columns: &T4_COLUMNS,
};

/// A 2021 report whose table 二 still has the 2019 columns (本年新制作数量…, 上一年项目数量/本年增/减).
static LAYOUT_2021_T2_2019: Layout = Layout { t2_edition: Edition::E2019, t2: &T2_2019, ..LAYOUT_2021 };

/// A 2019-edition report whose table 二 already has the 2021 columns.
static LAYOUT_2019_T2_2021: Layout = Layout { t2_edition: Edition::E2021, t2: &T2_2021, ..LAYOUT_2019 };

/// The layouts a cell id of a report of `edition` may belong to, to name it: the edition's own,
/// and the two whose table 二 follows either edition (a hybrid report), so that a cell is named,
/// never shown by its internal id.
pub fn naming_layouts(edition: Edition) -> [&'static Layout; 3] {
    [layout(edition), layout_with_t2(edition, Edition::E2019), layout_with_t2(edition, Edition::E2021)]
}

/// The layout of a report of `edition` whose table 二 follows `t2`'s layout (a hybrid report:
/// each table is read, checked and drawn in the layout its own labels show).
pub fn layout_with_t2(edition: Edition, t2: Edition) -> &'static Layout {
    match (edition, t2) {
        (Edition::E2021, Edition::E2019 | Edition::Pre2019) => &LAYOUT_2021_T2_2019,
        (Edition::E2019 | Edition::Pre2019, Edition::E2021) => &LAYOUT_2019_T2_2021,
        _ => layout(edition),
    }
}

/// The layout of an edition.
pub fn layout(edition: Edition) -> &'static Layout {
    match edition {
        Edition::E2019 | Edition::Pre2019 => &LAYOUT_2019,
        Edition::E2021 => &LAYOUT_2021,
    }
}

impl Layout {
    /// Index of the table 三 row with this key.
    pub fn t3_row(&self, key: &str) -> Option<usize> {
        self.t3_rows.iter().position(|r| r.key == key)
    }

    /// Index of the table 三 total column (总计).
    pub fn t3_total_col(&self) -> usize {
        self.t3_columns.len() - 1
    }

    /// Indices of the rows that are 本年度办理结果 (everything between 二 and （七）总计).
    pub fn t3_result_rows(&self) -> std::ops::Range<usize> {
        let start = self.t3_row("open").unwrap_or(2);
        let end = self.t3_row("total").unwrap_or(self.t3_rows.len() - 1);
        start..end
    }

    /// Rows of a spanning group of table 三.
    pub fn t3_group_rows(&self, group: &str) -> Vec<usize> {
        (0..self.t3_rows.len()).filter(|&i| self.t3_rows[i].group == Some(group)).collect()
    }

    /// A table 三 cell.
    pub fn t3(&self, row: usize, col: usize) -> CellRef {
        CellRef { table: TableId::T3, block: 0, row: row as u8, col: col as u8 }
    }

    /// A table 四 cell: `group` 0..3, `col` 0..5.
    pub fn t4(&self, group: usize, col: usize) -> CellRef {
        CellRef { table: TableId::T4, block: 0, row: group as u8, col: col as u8 }
    }

    /// A table 二 cell.
    pub fn t2(&self, block: usize, row: usize, col: usize) -> CellRef {
        CellRef { table: TableId::T2, block: block as u8, row: row as u8, col: col as u8 }
    }

    /// Finds a table 二 cell by row and column key.
    pub fn t2_by_key(&self, row: &str, col: &str) -> Option<CellRef> {
        for (b, block) in self.t2.iter().enumerate() {
            if let Some(r) = block.rows.iter().position(|x| x.key == row) {
                let c = block.columns.iter().position(|x| x.key == col)?;
                return Some(self.t2(b, r, c));
            }
        }
        None
    }

    /// Every cell of the layout, in reading order.
    pub fn cells(&self) -> Vec<CellRef> {
        let mut out = Vec::new();
        for (b, block) in self.t2.iter().enumerate() {
            for r in 0..block.rows.len() {
                for c in 0..block.columns.len() {
                    out.push(self.t2(b, r, c));
                }
            }
        }
        for r in 0..self.t3_rows.len() {
            for c in 0..self.t3_columns.len() {
                out.push(self.t3(r, c));
            }
        }
        for g in 0..self.t4_groups.len() {
            for c in 0..self.t4_columns.len() {
                out.push(self.t4(g, c));
            }
        }
        out
    }

    /// The kind of value a cell holds.
    pub fn kind(&self, cell: CellRef) -> CellKind {
        match cell.table {
            TableId::T2 => self.t2[cell.block as usize].columns[cell.col as usize].kind,
            TableId::T3 | TableId::T4 => CellKind::Count,
        }
    }

    /// The stable string id of a cell, e.g. `t3.new.total`, `t4.review.keep`, `t2.norm.valid`.
    pub fn cell_id(&self, cell: CellRef) -> String {
        let (row, col) = self.keys(cell);
        let prefix = cell.table.prefix();
        let mut id = String::with_capacity(prefix.len() + row.len() + col.len() + 2);
        for (i, part) in [prefix, row, col].into_iter().enumerate() {
            if i > 0 {
                id.push('.');
            }
            id.push_str(part);
        }
        id
    }

    fn keys(&self, cell: CellRef) -> (&'static str, &'static str) {
        match cell.table {
            TableId::T2 => {
                let block = &self.t2[cell.block as usize];
                (block.rows[cell.row as usize].key, block.columns[cell.col as usize].key)
            }
            TableId::T3 => (self.t3_rows[cell.row as usize].key, self.t3_columns[cell.col as usize].key),
            TableId::T4 => (self.t4_groups[cell.row as usize].key, self.t4_columns[cell.col as usize].key),
        }
    }

    /// Parses a cell id produced by [`Layout::cell_id`].
    pub fn parse_cell_id(&self, id: &str) -> Option<CellRef> {
        let mut it = id.split('.');
        let (t, r, c) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() {
            return None;
        }
        match t {
            "t2" => self.t2_by_key(r, c),
            "t3" => {
                let row = self.t3_row(r)?;
                let col = self.t3_columns.iter().position(|x| x.key == c)?;
                Some(self.t3(row, col))
            }
            "t4" => {
                let g = self.t4_groups.iter().position(|x| x.key == r)?;
                let col = self.t4_columns.iter().position(|x| x.key == c)?;
                Some(self.t4(g, col))
            }
            _ => None,
        }
    }

    /// The place of a cell of table 三 or 四 among [`t34_len`](Layout::t34_len) places: table 三
    /// row by row, then table 四 group by group (for values laid out by cell instead of looked
    /// up in a map); None for table 二 and for cells outside the layout.
    pub fn t34_index(&self, cell: CellRef) -> Option<usize> {
        let (row, col) = (cell.row as usize, cell.col as usize);
        match cell.table {
            _ if cell.block != 0 => None,
            TableId::T3 if row < self.t3_rows.len() && col < self.t3_columns.len() => {
                Some(row * self.t3_columns.len() + col)
            }
            TableId::T4 if row < self.t4_groups.len() && col < self.t4_columns.len() => {
                Some(self.t3_rows.len() * self.t3_columns.len() + row * self.t4_columns.len() + col)
            }
            _ => None,
        }
    }

    /// How many cells tables 三 and 四 have together.
    pub fn t34_len(&self) -> usize {
        self.t3_rows.len() * self.t3_columns.len() + self.t4_groups.len() * self.t4_columns.len()
    }

    /// The name of a cell as a clerk reads it, e.g. `表三“自然人”列“一、本年新收…”行`.
    pub fn cell_name(&self, cell: CellRef) -> String {
        match cell.table {
            TableId::T2 => {
                let block = &self.t2[cell.block as usize];
                format!(
                    "表二{}“{}”行“{}”",
                    block.caption, block.rows[cell.row as usize].label, block.columns[cell.col as usize].label
                )
            }
            TableId::T3 => format!(
                "表三“{}”行“{}”列",
                short_label(self.t3_rows[cell.row as usize].label),
                self.t3_columns[cell.col as usize].label
            ),
            TableId::T4 => format!(
                "表四“{}”“{}”",
                self.t4_groups[cell.row as usize].label, self.t4_columns[cell.col as usize].label
            ),
        }
    }

    /// All sum relations of this edition (the 勾稽 rules as data), built once.
    pub fn relations(&self) -> &'static [Relation] {
        static R2019: std::sync::OnceLock<Vec<Relation>> = std::sync::OnceLock::new();
        static R2021: std::sync::OnceLock<Vec<Relation>> = std::sync::OnceLock::new();
        let cell = match self.edition {
            Edition::E2019 | Edition::Pre2019 => &R2019,
            Edition::E2021 => &R2021,
        };
        let l = layout(self.edition);
        cell.get_or_init(|| l.build_relations())
    }

    fn build_relations(&self) -> Vec<Relation> {
        let mut out = Vec::new();
        let total_col = self.t3_total_col();
        let new = self.t3_row("new").expect("layout has 本年新收");
        let carry = self.t3_row("carry").expect("layout has 上年结转");
        let total = self.t3_row("total").expect("layout has 总计");
        let next = self.t3_row("next").expect("layout has 结转下年度");
        for c in 0..self.t3_columns.len() {
            out.push(Relation {
                kind: RelationKind::T3Balance,
                lhs: vec![self.t3(new, c), self.t3(carry, c)],
                rhs: vec![self.t3(total, c), self.t3(next, c)],
                axis: c as u8,
            });
        }
        for c in 0..self.t3_columns.len() {
            out.push(Relation {
                kind: RelationKind::T3Results,
                lhs: self.t3_result_rows().map(|r| self.t3(r, c)).collect(),
                rhs: vec![self.t3(total, c)],
                axis: c as u8,
            });
        }
        for r in 0..self.t3_rows.len() {
            out.push(Relation {
                kind: RelationKind::T3RowTotal,
                lhs: (0..total_col).map(|c| self.t3(r, c)).collect(),
                rhs: vec![self.t3(r, total_col)],
                axis: r as u8,
            });
        }
        let t4_total = self.t4_columns.len() - 1;
        for g in 0..self.t4_groups.len() {
            out.push(Relation {
                kind: RelationKind::T4Group,
                lhs: (0..t4_total).map(|c| self.t4(g, c)).collect(),
                rhs: vec![self.t4(g, t4_total)],
                axis: g as u8,
            });
        }
        out
    }
}

/// Shortens a long official label for messages: drops the bracketed explanation of 部分公开 and
/// the ", 行政机关不再处理…" tail of the 2021 其他处理 rows.
pub fn short_label(label: &str) -> &str {
    if let Some(i) = label.find("（区分") {
        return &label[..i];
    }
    if let Some(i) = label.find("、行政机关不再处理") {
        return &label[..i];
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_counts_match_the_format() {
        assert_eq!(layout(Edition::E2021).t3_rows.len(), 25);
        assert_eq!(layout(Edition::E2019).t3_rows.len(), 23);
        let n2 = |e| -> usize { layout(e).t2.iter().map(|b| b.rows.len() * b.columns.len()).sum() };
        assert_eq!(n2(Edition::E2021), 10);
        assert_eq!(n2(Edition::E2019), 22);
        assert_eq!(layout(Edition::E2021).t4_groups.len() * layout(Edition::E2021).t4_columns.len(), 15);
    }

    #[test]
    fn cell_ids_round_trip() {
        for e in [Edition::E2019, Edition::E2021] {
            let l = layout(e);
            for cell in l.cells() {
                let id = l.cell_id(cell);
                assert_eq!(l.parse_cell_id(&id), Some(cell), "{id}");
            }
        }
    }

    #[test]
    fn result_rows_cover_everything_between_carry_and_total() {
        let l = layout(Edition::E2021);
        let rows: Vec<_> = l.t3_result_rows().map(|r| l.t3_rows[r].key).collect();
        assert_eq!(rows.first(), Some(&"open"));
        assert_eq!(rows.last(), Some(&"other_misc"));
        assert_eq!(rows.len(), 21);
        assert_eq!(layout(Edition::E2019).t3_result_rows().len(), 19);
    }

    #[test]
    fn cells_are_ordered_by_table_block_row_column() {
        let cells: Vec<CellRef> = [Edition::E2019, Edition::E2021].iter().flat_map(|e| layout(*e).cells()).collect();
        for a in &cells {
            for b in cells.iter().step_by(7) {
                assert_eq!(a.cmp(b), (a.table, a.block, a.row, a.col).cmp(&(b.table, b.block, b.row, b.col)));
            }
        }
    }
}
