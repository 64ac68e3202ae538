//! Plain text and Markdown output, for e-mail and review. Tables are `|`-separated rows, which
//! the importer reads back.

use super::{blocks, cell_text, Block};
use crate::grid::grid_of;
use crate::model::Report;
use crate::TableId;

fn table_rows(report: &Report, t: TableId) -> Vec<Vec<String>> {
    grid_of(report.layout(), t)
        .into_iter()
        .map(|row| {
            row.cells
                .iter()
                .map(|c| match c.cell {
                    Some(cell) => cell_text(report, cell),
                    None => c.text.clone(),
                })
                .collect()
        })
        .collect()
}

/// Plain text: paragraphs as lines, tables as `| a | b |` rows with the official labels.
pub fn plain(report: &Report) -> String {
    let mut out = String::new();
    for b in blocks(report) {
        match b {
            Block::Title(s) => {
                out.push_str(&s);
                out.push_str("\n\n");
            }
            Block::Heading1(s) => {
                out.push('\n');
                out.push_str(&s);
                out.push('\n');
            }
            Block::Heading2(s) | Block::Para(s) => {
                out.push_str(&s);
                out.push('\n');
            }
            Block::Signature { unit, date } => {
                out.push('\n');
                out.push_str(&unit);
                out.push('\n');
                if !date.is_empty() {
                    out.push_str(&date);
                    out.push('\n');
                }
            }
            Block::Table(t) => {
                for row in table_rows(report, t) {
                    out.push_str("| ");
                    out.push_str(&row.join(" | "));
                    out.push_str(" |\n");
                }
            }
        }
    }
    out
}

/// Text in Markdown: a bar would end a table cell, `<` would open raw HTML that a Markdown
/// viewer passes through (`<script>`) and `[` a link (`[说明](javascript:…)`): they are written
/// as the entities `&lt;` and `&#91;`, which show as `<` and `[` (and import back as them).
fn md_escape(s: &str) -> String {
    s.replace('|', "｜").replace('<', "&lt;").replace('[', "&#91;")
}

/// Markdown: `#` title, `##` parts, `###` sub-headings, and tables with one header line
/// (Markdown has no merged cells: each row carries its full label).
pub fn markdown(report: &Report) -> String {
    let l = report.layout();
    let mut out = String::new();
    for b in blocks(report) {
        match b {
            Block::Title(s) => out.push_str(&format!("# {}\n\n", md_escape(&s))),
            Block::Heading1(s) => out.push_str(&format!("## {}\n\n", md_escape(&s))),
            Block::Heading2(s) => out.push_str(&format!("### {}\n\n", md_escape(&s))),
            Block::Para(s) => out.push_str(&format!("{}\n\n", md_escape(&s))),
            Block::Signature { unit, date } => {
                out.push_str(&format!("{}\n\n", md_escape(&unit)));
                if !date.is_empty() {
                    out.push_str(&format!("{}\n\n", md_escape(&date)));
                }
            }
            Block::Table(TableId::T2) => {
                for (b, block) in l.t2.iter().enumerate() {
                    out.push_str(&format!("{}\n\n| 信息内容 |", block.caption));
                    for c in block.columns {
                        out.push_str(&format!(" {} |", c.label));
                    }
                    out.push_str(&format!("\n|---|{}\n", "---|".repeat(block.columns.len())));
                    for (r, row) in block.rows.iter().enumerate() {
                        out.push_str(&format!("| {} |", row.label));
                        for c in 0..block.columns.len() {
                            out.push_str(&format!(" {} |", cell_text(report, l.t2(b, r, c))));
                        }
                        out.push('\n');
                    }
                    out.push('\n');
                }
            }
            Block::Table(TableId::T3) => {
                out.push_str(&format!("| {} |", crate::layout::T3_NOTE));
                for c in l.t3_columns {
                    out.push_str(&format!(" {} |", c.label));
                }
                out.push_str(&format!("\n|---|{}\n", "---|".repeat(l.t3_columns.len())));
                for (r, row) in l.t3_rows.iter().enumerate() {
                    let group = row.group.and_then(|g| l.t3_groups.iter().find(|x| x.key == g)).map(|g| g.label);
                    let label = match group {
                        Some(g) if l.t3_group_rows(row.group.unwrap_or_default()).first() == Some(&r) => {
                            format!("{g} {}", row.label)
                        }
                        _ => row.label.to_string(),
                    };
                    out.push_str(&format!("| {} |", md_escape(&label)));
                    for c in 0..l.t3_columns.len() {
                        out.push_str(&format!(" {} |", cell_text(report, l.t3(r, c))));
                    }
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table(TableId::T4) => {
                let mut head = String::from("|");
                let mut values = String::from("|");
                for (g, group) in l.t4_groups.iter().enumerate() {
                    for (c, col) in l.t4_columns.iter().enumerate() {
                        head.push_str(&format!(" {}：{} |", group.label, col.label));
                        values.push_str(&format!(" {} |", cell_text(report, l.t4(g, c))));
                    }
                }
                let n = l.t4_groups.len() * l.t4_columns.len();
                out.push_str(&format!("{head}\n|{}\n{values}\n\n", "---|".repeat(n)));
            }
        }
    }
    out
}
