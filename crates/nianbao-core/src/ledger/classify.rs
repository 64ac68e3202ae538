//! A ledger row's applicant column and outcome row of table 三, from what the clerk wrote.
//! Never silent: an applicant typed from the name is said so, and text that names no row is
//! not counted.

use crate::layout::Layout;

/// The applicant columns of table 三, by key.
const NP: &str = "np";

/// How an applicant's column was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindFrom {
    /// The type column says it.
    Stated,
    /// Told from the applicant's name: to be confirmed by the clerk.
    Name,
}

/// Organisation kinds by the words of a type column: (words, column key).
const KIND_WORDS: &[(&[&str], &str)] = &[
    (&["商业企业", "企业", "公司"], "biz"),
    (&["科研机构", "科研", "高校", "研究"], "sci"),
    (&["社会公益组织", "社会公益", "公益"], "npo"),
    (&["法律服务机构", "法律服务", "律师"], "law"),
];

/// Organisation kinds by the words of a name.
const NAME_WORDS: &[(&[&str], &str)] = &[
    (&["律师事务所", "律所", "法律服务所", "法律援助"], "law"),
    (&["公司", "企业", "商行", "厂", "门市", "经营部", "合作社", "个体工商户", "有限合伙"], "biz"),
    (&["大学", "学院", "研究院", "研究所", "研究中心", "实验室", "科学院"], "sci"),
    (&["协会", "基金会", "学会", "促进会", "志愿", "公益"], "npo"),
    (
        &["委员会", "村民", "居委会", "社区", "村", "学校", "医院", "中心", "局", "政府", "办公室", "组织", "单位"],
        "oth",
    ),
];

/// The applicant's column key (np, biz, sci, npo, law, oth) and how it was found; None when
/// neither the type nor the name tells.
pub fn applicant(kind: &str, name: &str) -> Option<(&'static str, KindFrom)> {
    let k: String = crate::text::fold_compact(kind);
    if !k.is_empty() {
        if ["自然人", "公民", "个人", "群众"].iter().any(|w| k.contains(w)) {
            return Some((NP, KindFrom::Stated));
        }
        if let Some((_, key)) = KIND_WORDS.iter().find(|(ws, _)| ws.iter().any(|w| k.contains(w))) {
            return Some((key, KindFrom::Stated));
        }
        if k.contains("其他") && !k.contains("法人或其他组织") {
            return Some(("oth", KindFrom::Stated));
        }
        // "法人或其他组织" without its kind: the name tells, said so
    }
    let n: String = crate::text::fold_compact(name);
    if let Some((_, key)) = NAME_WORDS.iter().find(|(ws, _)| ws.iter().any(|w| n.contains(w))) {
        return Some((key, KindFrom::Name));
    }
    let han = n.chars().count();
    // a person's name: two to four Chinese characters (or one with 某/先生/女士)
    let person = (2..=4).contains(&han) && n.chars().all(|c| crate::text::is_han(c) || c == '·');
    let named = n.contains('某') || n.ends_with("先生") || n.ends_with("女士");
    if k.is_empty() && (person || named) {
        return Some((NP, KindFrom::Name));
    }
    if !k.is_empty() && (k.contains("法人") || k.contains("组织")) {
        return Some(("oth", KindFrom::Name));
    }
    None
}

/// Extra words for a reason, beside the layout's own row keywords: (row key, words).
const REASON_WORDS: &[(&str, &[&str])] = &[
    ("deny_safety", &["国家安全", "公共安全", "经济安全", "社会稳定"]),
    ("deny_internal", &["人事管理", "后勤管理", "内部工作流程"]),
    ("deny_process", &["讨论记录", "过程稿", "磋商信函", "请示报告"]),
    ("unable_none", &["不存在", "未制作", "未获取"]),
    ("unable_make", &["加工", "汇总", "分析"]),
    ("unable_unclear", &["不明确"]),
    ("reject_petition", &["信访", "举报", "投诉"]),
    ("reject_mass", &["大量"]),
    ("reject_confirm", &["确认"]),
    ("other_overdue", &["逾期不补正", "未补正", "不补正"]),
    ("other_fee", &["缴纳", "缴费", "收费"]),
];

/// The table 三 row (by key) an outcome text names in the layout's edition; None when it names
/// none (a 不予公开 without its reason is not guessed).
pub fn outcome(layout: &Layout, text: &str) -> Option<&'static str> {
    let t: String = crate::text::fold_compact(text);
    if t.is_empty() {
        return None;
    }
    let has = |w: &str| t.contains(w);
    let in_group = |group: &str| -> Option<&'static str> {
        let rows = layout.t3_group_rows(group);
        if rows.is_empty() {
            // 2019: （六）其他处理 is one row
            return layout.t3_row(group).map(|r| layout.t3_rows[r].key);
        }
        let by_layout = rows.iter().map(|&r| &layout.t3_rows[r]).find(|r| r.keywords.iter().any(|k| has(k)));
        let by_words = || {
            REASON_WORDS
                .iter()
                .find(|(key, ws)| rows.iter().any(|&r| layout.t3_rows[r].key == *key) && ws.iter().any(|w| has(w)))
                .and_then(|(key, _)| rows.iter().map(|&r| layout.t3_rows[r].key).find(|k| k == key))
        };
        by_layout.map(|r| r.key).or_else(by_words)
    };
    // 撤回: （六）其他处理 (2021: 3.其他)
    if has("撤回") || has("撤销申请") {
        return if layout.t3_group_rows("other").is_empty() { in_group("other") } else { Some("other_misc") };
    }
    if has("部分公开") {
        return Some("partial");
    }
    if has("不予公开") {
        return in_group("deny");
    }
    if has("无法提供") || has("不掌握") || has("信息不存在") || has("另行制作") {
        return in_group("unable");
    }
    if has("不予处理") || has("重复申请") || has("信访") || has("公开出版物") {
        return in_group("reject");
    }
    if has("其他处理") || has("逾期不补正") || has("未补正") || has("未缴纳") {
        let found = in_group("other");
        return found.or_else(|| (!layout.t3_group_rows("other").is_empty()).then_some("other_misc"));
    }
    if has("予以公开") || has("同意公开") || has("已公开") || has("全部公开") || t == "公开" {
        return Some("open");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{layout, Edition};

    #[test]
    fn applicants() {
        assert_eq!(applicant("自然人", "张三"), Some(("np", KindFrom::Stated)));
        assert_eq!(applicant("法人或其他组织-商业企业", ""), Some(("biz", KindFrom::Stated)));
        assert_eq!(applicant("", "福州某某科技有限公司"), Some(("biz", KindFrom::Name)));
        assert_eq!(applicant("法人或其他组织", "北京市某某律师事务所"), Some(("law", KindFrom::Name)));
        assert_eq!(applicant("", "王小明"), Some(("np", KindFrom::Name)));
        assert_eq!(applicant("", ""), None);
    }

    #[test]
    fn outcomes_in_both_editions() {
        let l = layout(Edition::E2021);
        assert_eq!(outcome(l, "予以公开"), Some("open"));
        assert_eq!(outcome(l, "部分公开（区分处理）"), Some("partial"));
        assert_eq!(outcome(l, "不予公开-属于四类过程性信息"), Some("deny_process"));
        assert_eq!(outcome(l, "不予公开"), None, "a 不予公开 without its reason is not guessed");
        assert_eq!(outcome(l, "无法提供：本机关不掌握相关政府信息"), Some("unable_none"));
        assert_eq!(outcome(l, "不予处理（重复申请）"), Some("reject_repeat"));
        assert_eq!(outcome(l, "申请人撤回申请"), Some("other_misc"));
        assert_eq!(outcome(l, "其他处理-逾期不补正"), Some("other_overdue"));
        assert_eq!(outcome(l, "已处理"), None);
        let l19 = layout(Edition::E2019);
        assert_eq!(outcome(l19, "申请人撤回申请"), Some("other"));
        assert_eq!(outcome(l19, "其他处理-逾期不补正"), Some("other"));
    }
}
