//! HTML output. The fragment uses inline styles only (portal CMS editors strip `<style>`), the
//! tables have exactly the official merged cells, and every user text is escaped.

use super::{blocks, cell_text, Block};
use crate::grid::grid_of;
use crate::model::Report;
use crate::TableId;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const BODY_FONT: &str = "font-family:'仿宋_GB2312','仿宋',FangSong,STFangsong,serif;font-size:16pt;line-height:28pt;";
const TITLE_STYLE: &str = "margin:0 0 28pt;text-align:center;font-family:'方正小标宋简体','方正小标宋_GBK','华文中宋',STZhongsong,'宋体',SimSun,serif;font-size:22pt;line-height:32pt;font-weight:normal;";
const H1_STYLE: &str = "margin:0;text-indent:2em;font-family:'黑体',SimHei,'Microsoft YaHei',sans-serif;font-size:16pt;line-height:28pt;font-weight:normal;";
const H2_STYLE: &str =
    "margin:0;text-indent:2em;font-family:'楷体_GB2312','楷体',KaiTi,STKaiti,serif;font-size:16pt;line-height:28pt;";
const P_STYLE: &str = "margin:0;text-indent:2em;text-align:justify;";
const SIGN_STYLE: &str = "margin:0;text-align:right;break-inside:avoid;break-before:avoid;";
const TABLE_STYLE: &str = "border-collapse:collapse;width:100%;margin:8pt 0 12pt;font-family:'宋体',SimSun,serif;font-size:10.5pt;line-height:14pt;";
const TH_STYLE: &str =
    "border:1px solid #000;padding:3px 4px;text-align:center;vertical-align:middle;font-weight:normal;";
const TD_STYLE: &str = "border:1px solid #000;padding:3px 4px;text-align:center;vertical-align:middle;";

/// An HTML table in the official layout, inline-styled, header rows in `<thead>`.
pub fn table(report: &Report, t: TableId) -> String {
    let rows = grid_of(report.layout(), t);
    // printed: tables 三 and 四 are kept on one page when they fit (no header row with one row
    // under it at a page foot), table 二 block by block (its caption rows stay with their rows)
    let keep = if t == TableId::T2 { "" } else { "break-inside:avoid;" };
    let mut out = format!("<table data-table=\"{}\" style=\"{TABLE_STYLE}{keep}\">", t.numeral());
    let head_rows = rows.iter().take_while(|r| r.header).count();
    let blocks = t == TableId::T2;
    for (i, row) in rows.iter().enumerate() {
        if i == 0 && head_rows > 0 {
            out.push_str("<thead>");
        }
        let caption = blocks && row.cells.len() == 1;
        if caption && i > head_rows {
            out.push_str("</tbody>");
        }
        if i == head_rows || caption {
            out.push_str(if blocks { "<tbody style=\"break-inside:avoid;\">" } else { "<tbody>" });
        }
        out.push_str("<tr>");
        for c in &row.cells {
            let span = |n: u16, name: &str| if n > 1 { format!(" {name}=\"{n}\"") } else { String::new() };
            let spans = format!("{}{}", span(c.rowspan, "rowspan"), span(c.colspan, "colspan"));
            match c.cell {
                Some(cell) => {
                    let id = report.layout().cell_id(cell);
                    out.push_str(&format!(
                        "<td{spans} data-cell=\"{id}\" style=\"{TD_STYLE}\">{}</td>",
                        escape(&cell_text(report, cell))
                    ));
                }
                None if c.header => out.push_str(&format!("<th{spans} style=\"{TH_STYLE}\">{}</th>", escape(&c.text))),
                None => out.push_str(&format!("<td{spans} style=\"{TD_STYLE}\">{}</td>", escape(&c.text))),
            }
        }
        out.push_str("</tr>");
        if i + 1 == head_rows {
            out.push_str("</thead>");
        }
    }
    if head_rows < rows.len() {
        out.push_str("</tbody>");
    }
    out.push_str("</table>");
    out
}

/// The report as an HTML fragment for a CMS: inline styles only.
pub fn fragment(report: &Report) -> String {
    let mut out = format!("<div class=\"nianbao-report\" style=\"{BODY_FONT}color:#000;\">\n");
    for b in blocks(report) {
        match b {
            Block::Title(s) => out.push_str(&format!("<h1 style=\"{TITLE_STYLE}\">{}</h1>\n", escape(&s))),
            Block::Heading1(s) => out.push_str(&format!("<h2 style=\"{H1_STYLE}\">{}</h2>\n", escape(&s))),
            Block::Heading2(s) => out.push_str(&format!("<h3 style=\"{H2_STYLE}\">{}</h3>\n", escape(&s))),
            Block::Para(s) => out.push_str(&format!("<p style=\"{P_STYLE}\">{}</p>\n", escape(&s))),
            Block::Table(t) => {
                out.push_str(&table(report, t));
                out.push('\n');
            }
            Block::Signature { unit, date } => {
                let (u, d) = super::signature_indents(&unit, &date);
                out.push_str(&format!(
                    "<p class=\"signature\" style=\"{SIGN_STYLE}margin-top:28pt;padding-right:{u}em;\">{}</p>\n",
                    escape(&unit)
                ));
                if !date.is_empty() {
                    out.push_str(&format!(
                        "<p class=\"signature\" style=\"{SIGN_STYLE}padding-right:{d}em;\">{}</p>\n",
                        escape(&date)
                    ));
                }
            }
        }
    }
    out.push_str("</div>\n");
    out
}

/// A standalone HTML page: the fragment with a title and A4 print rules.
pub fn page(report: &Report) -> String {
    let title = if report.narrative.title.trim().is_empty() {
        "政府信息公开工作年度报告"
    } else {
        report.narrative.title.trim()
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center {{ content: \"— \" counter(page) \" —\"; font-family: '宋体', SimSun, serif; font-size: 14pt; }} }}\nh2, h3 {{ break-after: avoid; }}\nbody {{ max-width: 156mm; margin: 24px auto; padding: 0 12px; }}\ntable {{ page-break-inside: auto; }} tr {{ page-break-inside: avoid; break-inside: avoid; }}\nthead {{ display: table-header-group; }}\n</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        escape(&crate::text::printable(title)),
        fragment(report)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::new_draft;
    use crate::model::Level;

    #[test]
    fn user_text_is_escaped() {
        let mut r = new_draft(2023, "<script>alert(1)</script>局", Level::Department);
        r.narrative.parts[0].text = "a < b & \"c\"".into();
        let html = fragment(&r);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;局"));
        assert!(html.contains("a &lt; b &amp; &quot;c&quot;"));
        assert!(!html.contains("<style"), "inline styles only");
    }
}
