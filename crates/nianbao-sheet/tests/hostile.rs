//! Workbooks of a few hundred bytes that ask for billions of cells are refused with a Chinese
//! reason before any of it is made (before, each aborted the program: `memory allocation of
//! 549755813888 bytes failed` for two cells at A1 and XFD1048576). The files are written here:
//! .xlsx and .ods packages with the zip crate, .xls compound files with the cfb crate and BIFF8
//! records by hand ([MS-XLS] 2.4: BOF, BOUNDSHEET, DIMENSIONS, NUMBER, MULRK, EOF).

use std::io::{Cursor, Write};

fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        out.start_file(*name, options).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

fn xlsx(sheet_data: &str, shared: Option<&str>) -> Vec<u8> {
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    );
    if shared.is_some() {
        types.push_str(r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#);
    }
    types.push_str("</Types>");
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let mut parts = vec![
        ("[Content_Types].xml", types),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(sst) = shared {
        parts.push(("xl/sharedStrings.xml", sst.to_string()));
    }
    let parts: Vec<(&str, &str)> = parts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    zip(&parts)
}

fn ods(table: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="台账">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        ),
        ("content.xml", &content),
    ])
}

fn refused(bytes: &[u8]) -> String {
    assert!(bytes.len() <= 4096, "a small file: {} bytes", bytes.len());
    match nianbao_sheet::read(bytes) {
        Ok(sheets) => panic!("read {} sheets", sheets.len()),
        Err(e) => e,
    }
}

#[test]
fn an_xlsx_is_read_cell_by_cell_so_far_cells_cost_only_their_rows() {
    // two cells at opposite corners: before, calamine made the grid between them and the
    // program aborted (memory allocation of 549755813888 bytes failed); now each row is as long
    // as its last cell
    let corners = xlsx(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>单位名称</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        None,
    );
    let sheets = nianbao_sheet::read(&corners).unwrap();
    let rows = &sheets[0].rows;
    assert_eq!((rows.len(), rows[0].clone()), (1_048_576, vec!["单位名称".to_string()]));
    assert_eq!((rows[1_048_575].len(), rows[1_048_575][16_383].as_str()), (16_384, "1"));
    assert!(rows[1..1_048_575].iter().all(Vec::is_empty));
    // one cell at column XFD on each of 310 rows lays out 5.08 million cells: refused
    let far: String = (1..=310).map(|r| format!(r#"<row r="{r}"><c r="XFD{r}"><v>{r}</v></c></row>"#)).collect();
    let e = refused(&xlsx(&far, None));
    assert!(e.contains("单元格超过5000000个") && e.contains("台账"), "{e}");
    // cells near each other read in place: C3 is row 3, column 3
    let near = xlsx(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>单位名称</t></is></c></row><row r="3"><c r="C3"><v>7</v></c></row>"#,
        None,
    );
    let sheets = nianbao_sheet::read(&near).unwrap();
    assert_eq!(sheets[0].name, "台账");
    assert_eq!(
        sheets[0].rows,
        vec![vec!["单位名称".to_string()], vec![], vec![String::new(), String::new(), "7".into()]]
    );
}

#[test]
fn an_xlsx_whose_shared_strings_declare_billions_is_refused() {
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1" uniqueCount="10000000000"><si><t>x</t></si></sst>"#
    );
    let e = refused(&xlsx(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, Some(&sst)));
    assert!(e.contains("共享字符串") && e.contains("10000000000"), "{e}");
    // an honest count reads
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>申请人</t></si></sst>"#
    );
    let sheets = nianbao_sheet::read(&xlsx(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, Some(&sst))).unwrap();
    assert_eq!(sheets[0].rows, vec![vec!["申请人".to_string()]]);
}

#[test]
fn an_ods_row_repeated_into_ninety_million_cells_is_refused_and_honest_repeats_read() {
    // 9,000 rows × 10,000 columns of one word: 821 bytes, and 11 GB and 24 s before
    let e = refused(&ods(
        r#"<table:table-row table:number-rows-repeated="9000"><table:table-cell table:number-columns-repeated="10000" office:value-type="string"><text:p>申请</text:p></table:table-cell></table:table-row>"#,
    ));
    // 10,000 cells as the row is read, then 9,000 × 10,000 laid out
    assert!(e.contains("重复的行列") && e.contains("90010000"), "{e}");
    // as LibreOffice writes a sheet: trailing empty cells and rows repeated to the sheet's end
    let sheets = nianbao_sheet::read(&ods(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>单位名称</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
    ))
    .unwrap();
    assert_eq!(sheets[0].rows, vec![vec!["单位名称".to_string()], vec!["3".into()], vec!["3".into()]]);
}

/// A BIFF8 record.
fn record(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((body.len() as u16).to_le_bytes());
    out.extend(body);
    out
}

/// An .xls compound file whose one sheet holds `records` (after its BOF, before its EOF).
fn xls(records: &[Vec<u8>]) -> Vec<u8> {
    xls_with(&[], records)
}

/// An .xls compound file with `globals` among the workbook's records and `records` in its sheet.
fn xls_with(globals: &[Vec<u8>], records: &[Vec<u8>]) -> Vec<u8> {
    let bof = record(0x0809, &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let sheet_bof = record(0x0809, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let eof = record(0x000A, &[]);
    // globals: BOF, BOUNDSHEET (its position filled in below), EOF
    let name = [2u8, 0, b'S', b'1'];
    let bound_len = 4 + 6 + name.len();
    let extra: usize = globals.iter().map(Vec::len).sum();
    let globals_len = bof.len() + bound_len + extra + eof.len();
    let mut bound = (globals_len as u32).to_le_bytes().to_vec();
    bound.extend([0, 0]);
    bound.extend(&name[..1]);
    bound.extend(&name[1..]);
    let mut stream = bof.clone();
    stream.extend(record(0x0085, &bound));
    for g in globals {
        stream.extend(g);
    }
    stream.extend(&eof);
    assert_eq!(stream.len(), globals_len);
    stream.extend(sheet_bof);
    for r in records {
        stream.extend(r);
    }
    stream.extend(eof);
    let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn number(row: u16, col: u16) -> Vec<u8> {
    let mut body = row.to_le_bytes().to_vec();
    body.extend(col.to_le_bytes());
    body.extend([0, 0]);
    body.extend(1.0f64.to_le_bytes());
    record(0x0203, &body)
}

#[test]
fn an_xls_whose_records_ask_for_a_huge_or_impossible_sheet_is_refused() {
    // two numbers at (0, 0) and (65535, 65535): a grid of 4.3 billion cells
    let e = refused(&xls(&[number(0, 0), number(65535, 65535)]));
    assert!(e.contains("单元格范围过大"), "{e}");
    // a DIMENSIONS record claiming 4 billion rows, which calamine reserves room for
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(u32::MAX.to_le_bytes());
    dims.extend([0, 0, 10, 0, 0, 0]);
    let e = refused(&xls(&[record(0x0200, &dims)]));
    assert!(e.contains("单元格范围过大"), "{e}");
    // a DIMENSIONS record whose last row comes before its first
    let mut dims = 100u32.to_le_bytes().to_vec();
    dims.extend(5u32.to_le_bytes());
    dims.extend([0, 0, 10, 0, 0, 0]);
    let e = refused(&xls(&[record(0x0200, &dims)]));
    assert!(e.contains("DIMENSIONS") && e.contains("已损坏"), "{e}");
    // a MULRK whose last column comes before its first
    let mut mulrk = 0u16.to_le_bytes().to_vec();
    mulrk.extend(9u16.to_le_bytes());
    mulrk.extend([0, 0, 0, 0, 0, 0]);
    mulrk.extend(2u16.to_le_bytes());
    let e = refused(&xls(&[record(0x00BD, &mulrk)]));
    assert!(e.contains("MULRK"), "{e}");
    // a compound file without a workbook (a Word document, say)
    let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
    file.create_stream("/WordDocument").unwrap().write_all(&[0u8; 64]).unwrap();
    file.flush().unwrap();
    let e = nianbao_sheet::read(&file.into_inner().into_inner()).unwrap_err();
    assert!(e.contains("没有 Excel 工作簿"), "{e}");
}

/// calamine panics on some damaged records (found by the fuzz target `import_sheet` within
/// minutes: an EXTERNSHEET record shorter than its count). The reader says the file is damaged.
#[test]
fn an_xls_record_shorter_than_calamine_reads_is_damage_not_a_crash() {
    let e = refused(&xls_with(&[record(0x0017, &[])], &[number(0, 0)]));
    assert!(e.contains("表格文件已损坏"), "{e}");
}

/// calamine's own compound-file reader reserves room for what the header's bytes 62..66 say
/// (the mini FAT's length, as it reads them) before anything is checked: the fuzz target
/// `import_sheet` made a 5 KB file ask for 6.7 GB. The guard says the file is damaged.
#[test]
fn a_compound_file_header_asking_for_gigabytes_is_damage() {
    let mut file = xls(&[number(0, 0)]);
    file[64] = 0xFF;
    file[65] = 0x63;
    let e = refused(&file);
    assert!(e.contains("复合文档已损坏"), "{e}");
    // the FAT sector count past the file's sectors
    let mut file = xls(&[number(0, 0)]);
    file[44..48].copy_from_slice(&0x4000_0000u32.to_le_bytes());
    assert!(refused(&file).contains("复合文档已损坏"));
}
