//! `--summary 检查结果.csv`: the 汇总 sheet as CSV that Excel and WPS open (UTF-8 with BOM,
//! every field quoted, cells that a spreadsheet would run as a formula neutralised).

/// One CSV field: quoted, quotes doubled; a leading `=`, `+`, `-`, `@`, tab or carriage return
/// gets a `'` in front so that a spreadsheet shows it as text instead of running it.
pub fn field(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// Rows as CSV text with a BOM, lines ended by CRLF.
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{FEFF}");
    for r in rows {
        let line: Vec<String> = r.iter().map(|f| field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_neutralises() {
        assert_eq!(field("=1+1"), "\"'=1+1\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("闽侯县\"商务\"局"), "\"闽侯县\"\"商务\"\"局\"");
        assert_eq!(csv(&[vec!["a".into(), "-2".into()]]), "\u{FEFF}\"a\",\"'-2\"\r\n");
    }
}
