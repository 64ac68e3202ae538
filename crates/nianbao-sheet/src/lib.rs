//! Spreadsheets (.xlsx, .xls, .ods) read into [`Sheet`]s of cell texts with calamine, and CSV
//! files (UTF-8 or GBK, comma or tab) with the csv crate: no I/O, so the CLI and the browser's
//! ledger worker share it ([`read_any`]). Dates are written 2025-01-05 (a time of
//! day after it when there is one), whole numbers without ".0". Every read has a budget: the
//! file's size, the sheets, the cells.

mod guard;

use calamine::{open_workbook_auto_from_rs, Cell, Data, DataRef, Reader, Sheets, XlsxError};
use nianbao_core::ledger::Sheet;
use std::io::Cursor;

/// The largest spreadsheet read (bytes).
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
/// The most cells read over all sheets.
pub const MAX_CELLS: usize = 5_000_000;
/// The most sheets read.
pub const MAX_SHEETS: usize = 64;

/// Whether the bytes look like a spreadsheet this crate reads: a zip package (.xlsx, .ods) or
/// an OLE compound file (.xls).
pub fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The text of a cell as shown.
fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => {
            let (y, m, day, h, min, _, _) = dt.to_ymd_hms_milli();
            if h == 0 && min == 0 {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}")
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) => String::new(),
    }
}

/// Every sheet of a workbook, in order. The error says in Chinese what is wrong.
///
/// .xlsx and .xlsb sheets are read cell by cell, so a file of a few cells placed far apart (A1 and
/// XFD1048576, say) costs only its rows instead of a grid of billions of cells; for .xls and .ods
/// sheets, which calamine lays out as whole grids, the guard (`guard.rs`) counts the grid first.
pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!("表格文件大于{} MB，未读取", MAX_BYTES / 1024 / 1024));
    }
    if !is_spreadsheet(bytes) {
        return Err("不是 Excel（.xlsx/.xls）或 WPS/LibreOffice 表格（.ods）文件".to_string());
    }
    guard::check(bytes)?;
    // calamine panics on some damaged files (a record shorter than it reads): in a native
    // program that is caught here and told as damage (a browser reads spreadsheets in a worker,
    // which such a file ends instead)
    std::panic::catch_unwind(|| read_book(bytes))
        .unwrap_or_else(|_| Err("表格文件已损坏：读取时遇到不完整或错误的记录，未读取".to_string()))
}

/// The sheets of a workbook the guard let through.
fn read_book(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        format!("无法打开表格文件（文件损坏、加密或不是表格）：{}", nianbao_core::text::printable(&e.to_string()))
    })?;
    let names = book.sheet_names();
    if names.len() > MAX_SHEETS {
        return Err(format!("表格有{}个工作表，超过{MAX_SHEETS}个，未读取", names.len()));
    }
    let mut budget = Budget::default();
    let mut out = Vec::new();
    for name in names {
        let sheet = match &mut book {
            Sheets::Xlsx(x) => match x.worksheet_cells_reader(&name) {
                // a chart sheet has no cells
                Err(XlsxError::NotAWorksheet(_)) => Sheet { name, rows: Vec::new() },
                Err(e) => return Err(unreadable(&name, &e)),
                Ok(mut reader) => budget.streamed(name, || reader.next_cell())?,
            },
            Sheets::Xlsb(x) => {
                let mut reader = x.worksheet_cells_reader(&name).map_err(|e| unreadable(&name, &e))?;
                budget.streamed(name, || reader.next_cell())?
            }
            Sheets::Xls(_) | Sheets::Ods(_) => {
                let range = book.worksheet_range(&name).map_err(|e| unreadable(&name, &e))?;
                let (h, w) = range.get_size();
                budget.take(&name, h.saturating_mul(w))?;
                // rows as the spreadsheet numbers them: the range may start below row 1
                let start = range.start().map_or(0, |(r, _)| r as usize);
                let col0 = range.start().map_or(0, |(_, c)| c as usize);
                let mut rows: Vec<Vec<String>> = vec![Vec::new(); start];
                for row in range.rows() {
                    let mut r: Vec<String> = vec![String::new(); col0];
                    r.extend(row.iter().map(text));
                    while r.last().is_some_and(String::is_empty) {
                        r.pop();
                    }
                    rows.push(r);
                }
                Sheet { name, rows }
            }
        };
        out.push(sheet);
    }
    Ok(out)
}

/// Why a sheet could not be read, in Chinese with calamine's reason.
fn unreadable(name: &str, e: &dyn std::fmt::Display) -> String {
    format!(
        "无法读取工作表“{}”：{}",
        nianbao_core::text::printable(name),
        nianbao_core::text::printable(&e.to_string())
    )
}

/// The cells read so far over all sheets, counted with the blank cells between them that a
/// sheet's rows hold (each row as long as its last filled cell).
#[derive(Default)]
struct Budget {
    cells: usize,
}

impl Budget {
    /// Counts `n` more cells, or says the workbook is too large.
    fn take(&mut self, name: &str, n: usize) -> Result<(), String> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > MAX_CELLS {
            return Err(format!(
                "表格的单元格超过{MAX_CELLS}个（工作表“{}”，含其间的空白单元格），未读取",
                nianbao_core::text::printable(name)
            ));
        }
        Ok(())
    }

    /// A sheet read cell by cell (`next` gives its cells in any order): the filled cells are
    /// counted as they come, then the rows laid out as the spreadsheet numbers them, each as long
    /// as its last filled cell; the blanks this lays out count against the budget before any is
    /// made.
    fn streamed<'a, E: std::fmt::Display>(
        &mut self,
        name: String,
        mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>,
    ) -> Result<Sheet, String> {
        let mut cells = Vec::new();
        while let Some(cell) = next().map_err(|e| unreadable(&name, &e))? {
            let value = text(&Data::from(cell.get_value().clone()));
            if !value.is_empty() {
                self.take(&name, 1)?;
                let (row, col) = cell.get_position();
                cells.push((row, col, value));
            }
        }
        cells.sort_by_key(|&(r, c, _)| (r, c));
        let blanks = cells
            .chunk_by(|a, b| a.0 == b.0)
            .map(|row| (row[row.len() - 1].1 as usize + 1).saturating_sub(row.len()))
            .fold(0usize, usize::saturating_add);
        self.take(&name, blanks)?;
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); cells.last().map_or(0, |c| c.0 as usize + 1)];
        for (r, c, value) in cells {
            let row = &mut rows[r as usize];
            if row.len() <= c as usize {
                row.resize(c as usize + 1, String::new());
            }
            row[c as usize] = value;
        }
        Ok(Sheet { name, rows })
    }
}

/// The sheets of a ledger file: a spreadsheet by its bytes ([`read`]), else CSV text
/// ([`csv_sheet`]).
pub fn read_any(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    if is_spreadsheet(bytes) {
        read(bytes)
    } else {
        csv_sheet(bytes).map(|s| vec![s])
    }
}

/// The most rows a CSV ledger may have.
pub const MAX_ROWS: usize = 200_000;

/// CSV text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (GBK), as Excel/WPS in
/// Chinese save it.
fn csv_text(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// A CSV file (UTF-8 or GBK, comma or tab separated) as a sheet.
pub fn csv_sheet(bytes: &[u8]) -> Result<Sheet, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!("台账文件大于{} MB，未读取", MAX_BYTES / 1024 / 1024));
    }
    if bytes.iter().take(4096).filter(|b| **b == 0).count() > 8 && encoding_rs::Encoding::for_bom(bytes).is_none() {
        return Err("不是文字（CSV）文件，也不是 Excel、WPS 或 LibreOffice 表格".to_string());
    }
    let text = csv_text(bytes);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() { b'\t' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("台账第{}行无法按CSV读取：{e}", i + 1))?;
        if rows.len() >= MAX_ROWS {
            return Err(format!("台账超过{MAX_ROWS}行，未读取"));
        }
        rows.push(record.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(Sheet { name: String::new(), rows })
}
