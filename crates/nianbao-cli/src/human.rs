//! Output for people: findings in the style of rustc, in Chinese, coloured on a terminal.

use crate::files::{Outcome, Skipped};
use crate::outln;
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Style};
use nianbao_core::finding::Finding;
use nianbao_core::layout::PARTS;
use nianbao_core::rules::{tally, Rule, RULES};
use nianbao_core::text::printable;
use nianbao_core::{Report, Severity};
use std::path::{Path, PathBuf};

const BOLD: Style = Style::new().bold();

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR.with_name("错误"),
        Severity::Warning => Level::WARNING.with_name("警告"),
        Severity::Info => Level::INFO.with_name("提示"),
    }
}

fn renderer() -> Renderer {
    Renderer::styled()
}

/// The text a finding's location points into.
fn located_text<'a>(report: &'a Report, f: &Finding) -> Option<(&'a str, String)> {
    let loc = f.location.as_ref()?;
    let n = &report.narrative;
    match loc.part {
        None => Some((n.opening.as_str(), "开头".to_string())),
        Some(i) => {
            let p = n.parts.get(i as usize)?;
            let name = if p.heading.is_empty() { PARTS[i as usize].0.to_string() } else { p.heading.clone() };
            Some((p.text.as_str(), name))
        }
    }
}

/// A window of about 40 characters either side of `start..end`, cut at line breaks.
fn window(text: &str, start: usize, end: usize) -> (usize, usize) {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let ws = text[line_start..start].char_indices().rev().nth(40).map_or(line_start, |(i, _)| line_start + i);
    let we = text[end..line_end].char_indices().nth(40).map_or(line_end, |(i, _)| end + i);
    (ws, we)
}

pub fn render_finding(file: &Path, report: &Report, f: &Finding) -> String {
    let message = printable(&f.message);
    let title = level(f.severity).primary_title(message.as_ref()).id(f.code.as_str());
    let mut origin = crate::files::shown(file);
    if let Some(t) = f.table {
        origin.push_str(&format!(" · 表{}", t.numeral()));
    }
    let mut notes = Vec::new();
    if !f.cells.is_empty() {
        // by their official names, never by the internal ids
        let l = report.layout();
        let shown: Vec<String> =
            f.cells.iter().take(4).filter_map(|id| l.parse_cell_id(id)).map(|c| l.cell_name(c)).collect();
        let more = if f.cells.len() > 4 { format!(" 等{}个", f.cells.len()) } else { String::new() };
        if !shown.is_empty() {
            notes.push(format!("单元格：{}{more}", shown.join("；")));
        }
    }
    if let (Some(found), Some(expected)) = (&f.found, &f.expected) {
        notes.push(printable(&format!("现为：{found}；应为：{expected}")).into_owned());
    }
    notes.push(format!("详见 `nianbao explain {}`", f.code));
    let group = match (located_text(report, f), f.location.as_ref()) {
        (Some((text, part)), Some(loc))
            if loc.end <= text.len() && text.is_char_boundary(loc.start) && text.is_char_boundary(loc.end) =>
        {
            let (ws, we) = window(text, loc.start, loc.end);
            let source = &text[ws..we];
            let snippet = Snippet::source(source)
                .path(format!("{origin} · {part}"))
                .fold(false)
                .annotation(AnnotationKind::Primary.span(loc.start - ws..loc.end - ws));
            let mut g = title.element(snippet);
            for n in &notes {
                g = g.element(Level::NOTE.with_name("说明").message(n.clone()));
            }
            g
        }
        _ => {
            let mut g = title.element(annotate_snippets::Origin::path(origin));
            for n in &notes {
                g = g.element(Level::NOTE.with_name("说明").message(n.clone()));
            }
            g
        }
    };
    renderer().render(&[group]).to_string()
}

/// Prints the findings of one file (or why it could not be read).
pub fn print_file(path: &Path, outcome: &Outcome) {
    match outcome {
        Err(e) => {
            outln!(
                "{}无法读取{} {}：{}\n",
                AnsiColor::Red.on_default().bold().render(),
                AnsiColor::Red.on_default().bold().render_reset(),
                crate::files::shown(path),
                printable(e)
            );
        }
        Ok((report, findings)) => {
            let m = &report.meta;
            let year = m.year.map(|y| format!("{y}年度")).unwrap_or_else(|| "年度不详".to_string());
            let agency =
                if m.agency.is_empty() { "发布机关不详".to_string() } else { printable(&m.agency).into_owned() };
            outln!(
                "{}== {}{}（{agency} · {year} · {} · {}）",
                BOLD.render(),
                crate::files::shown(path),
                BOLD.render_reset(),
                report.edition.label(),
                m.level.label()
            );
            for f in findings {
                outln!("{}", render_finding(path, report, f));
            }
            let (e, w, i) = tally(findings);
            outln!("结果：{e} 个错误，{w} 个警告，{i} 个提示\n");
        }
    }
}

/// Prints the totals over all files.
pub fn print_summary(results: &[(PathBuf, Outcome)], skipped: &Skipped) {
    let ok: Vec<&Vec<Finding>> = results.iter().filter_map(|(_, o)| o.as_ref().ok().map(|(_, f)| f)).collect();
    let with_errors = ok.iter().filter(|f| f.iter().any(|x| x.severity == Severity::Error)).count();
    let unreadable = results.iter().filter(|(_, o)| o.is_err()).count();
    let (mut e, mut w, mut i) = (0, 0, 0);
    for f in &ok {
        let t = tally(f);
        e += t.0;
        w += t.1;
        i += t.2;
    }
    for (p, why) in &skipped.missing {
        outln!("无法读取 {}：{why}", crate::files::shown(p));
    }
    for (p, why) in &skipped.special {
        outln!("跳过 {}：{why}", crate::files::shown(p));
    }
    if !skipped.other.is_empty() {
        let names: Vec<String> = skipped.other.iter().take(5).map(|p| crate::files::shown(p)).collect();
        outln!(
            "跳过目录中 {} 个非年报格式的文件（只检查 .txt .html .htm .shtml .md .json .pdf .docx 等）：{}{}",
            skipped.other.len(),
            names.join("、"),
            if skipped.other.len() > 5 { " 等" } else { "" }
        );
    }
    let unreadable = unreadable + skipped.missing.len();
    let not_read = if unreadable > 0 { format!("，{unreadable} 份无法读取") } else { String::new() };
    outln!(
        "{}共 {} 份：已检查 {} 份（{} 份有错误）{not_read}；合计 {e} 个错误，{w} 个警告，{i} 个提示{}",
        BOLD.render(),
        ok.len() + unreadable,
        ok.len(),
        with_errors,
        BOLD.render_reset()
    );
}

/// Prints the list of rules.
pub fn print_rules() {
    outln!("{}代码  级别  名称{}", BOLD.render(), BOLD.render_reset());
    for r in RULES {
        outln!("{}  {}  {}：{}", r.code, r.severity.label(), r.name, r.summary);
    }
    outln!("\n运行 `nianbao explain 代码` 查看某条规则的说明和示例。");
}

/// Prints one rule's explanation.
pub fn print_rule(r: &Rule) {
    let reported = if r.check.is_none() { "（导入时报告）" } else { "" };
    outln!("{}{} {}{}（{}）{reported}", BOLD.render(), r.code, r.name, BOLD.render_reset(), r.severity.label());
    outln!("\n{}\n\n{}\n", r.summary, r.explanation);
    outln!(
        "{}错误示例：{}\n  {}\n",
        AnsiColor::Red.on_default().render(),
        AnsiColor::Red.on_default().render_reset(),
        r.bad.replace('\n', "\n  ")
    );
    outln!(
        "{}正确示例：{}\n  {}",
        AnsiColor::Green.on_default().render(),
        AnsiColor::Green.on_default().render_reset(),
        r.good.replace('\n', "\n  ")
    );
}
