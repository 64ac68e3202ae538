//! Local rubrics (L901): checks some provinces and cities add to the national format, off unless
//! a [`Profile`] turns them on.

use super::Ctx;
use crate::finding::{Finding, Severity};
use serde::{Deserialize, Serialize};

/// A local rubric's checks, read from a JSON file such as
/// `{"名称": "某市年报评估细则", "总体情况字数上限": 1000}`. Every check is off when absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The rubric's name, shown in its findings.
    #[serde(rename = "名称", default)]
    pub name: String,
    /// The most characters part 一 (总体情况) may have (some cities cap it at 1,000).
    #[serde(rename = "总体情况字数上限", default, skip_serializing_if = "Option::is_none")]
    pub overview_max_chars: Option<usize>,
}

impl Profile {
    /// Reads a profile from its JSON text; the error names what is wrong, in Chinese.
    pub fn from_json(text: &str) -> Result<Profile, String> {
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
            let what = e.to_string();
            let field = what.split('`').nth(1).map(|f| format!("（不认识的项目“{f}”）")).unwrap_or_default();
            format!(
                "地方细则文件格式有误{field}：第{}行第{}列。可用的项目：“名称”“总体情况字数上限”",
                e.line(),
                e.column()
            )
        })
    }
}

/// L901: part 一 longer than the rubric allows (characters, white space not counted).
pub fn overview_length(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(max) = ctx.profile.overview_max_chars else { return };
    let n = ctx.report.narrative.part_text(0).chars().filter(|c| !c.is_whitespace()).count();
    if n > max {
        let rubric = if ctx.profile.name.trim().is_empty() {
            "地方细则".to_string()
        } else {
            ctx.profile.name.trim().to_string()
        };
        out.push(
            Finding::new("L901", Severity::Warning, format!("“一、总体情况”共{n}字，超过{rubric}规定的{max}字"))
                .values(format!("{n}字"), format!("不超过{max}字")),
        );
    }
}
