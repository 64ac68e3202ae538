//! What kind of bytes a file holds, before decoding: refused kinds (PDF, ZIP, images, binary),
//! byte-order marks, UTF-16 without a mark. No decoder is needed, so the browser (which decodes
//! with `TextDecoder`) and the CLI (with encoding_rs) share it.

/// What the bytes look like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniff {
    /// Not text: the reason, in Chinese.
    Refuse(String),
    /// UTF-8 with a byte-order mark (3 bytes).
    Utf8Bom,
    /// UTF-16 little-endian; `bom` when the first 2 bytes are the mark.
    Utf16Le {
        /// A byte-order mark leads the bytes.
        bom: bool,
    },
    /// UTF-16 big-endian.
    Utf16Be {
        /// A byte-order mark leads the bytes.
        bom: bool,
    },
    /// A single-byte-based encoding: UTF-8 if valid, else GB18030 (or a declared charset).
    Bytes,
}

/// The first bytes of an OLE compound file (Word 97–2003, WPS, Excel 97–2003).
pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";

/// How far into a file the `%PDF-` header may start (PDF 32000-1 allows bytes before it, and
/// readers such as pdftotext look in the first 1 KB).
pub const PDF_HEADER_WINDOW: usize = 1024;

/// Whether the bytes are a PDF file: `%PDF-` at the start, or within the first
/// [`PDF_HEADER_WINDOW`] bytes after white space, NUL bytes or bytes that are not text (a
/// download's leading line break or junk) — never after readable text that merely quotes it.
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
    let Some(at) = head.windows(5).position(|w| w == b"%PDF-") else {
        return false;
    };
    let before = &head[..at];
    before.iter().all(|b| b.is_ascii_whitespace() || *b == 0) || std::str::from_utf8(before).is_err()
}

/// The picture file forms read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureForm {
    /// PNG.
    Png,
    /// JPEG (JFIF, Exif).
    Jpeg,
    /// TIFF (the form scanners write).
    Tiff,
}

/// Tells a picture file's form from its first bytes.
pub fn picture_form(bytes: &[u8]) -> Option<PictureForm> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PictureForm::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(PictureForm::Jpeg)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(PictureForm::Tiff)
    } else {
        None
    }
}

/// Looks at the bytes.
pub fn sniff(bytes: &[u8]) -> Sniff {
    if bytes.is_empty() {
        return Sniff::Refuse("文件为空".to_string());
    }
    if is_pdf(bytes) {
        return Sniff::Refuse("这是 PDF 文件，请先提取其中的文字（或使用发布页面的 HTML）".to_string());
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Sniff::Utf8Bom;
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Sniff::Utf16Le { bom: true };
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Sniff::Utf16Be { bom: true };
    }
    if let Some(s) = utf16_without_bom(bytes) {
        return s;
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Sniff::Refuse(ole_reason(bytes).to_string());
    }
    if let Some(kind) = magic(bytes) {
        return Sniff::Refuse(format!("这是{kind}，不是文本"));
    }
    if bytes.contains(&0) {
        return Sniff::Refuse("文件含有二进制数据（NUL 字节），不是文本".to_string());
    }
    Sniff::Bytes
}

fn utf16_without_bom(bytes: &[u8]) -> Option<Sniff> {
    // (without a NUL byte at all it is not UTF-16: one memchr instead of counting)
    if bytes.len() < 4 || !bytes.contains(&0) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even_zero = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    // ASCII-heavy UTF-16 has a NUL in every other byte
    if odd_zero * 3 > pairs && even_zero * 10 < pairs {
        return Some(Sniff::Utf16Le { bom: false });
    }
    if even_zero * 3 > pairs && odd_zero * 10 < pairs {
        return Some(Sniff::Utf16Be { bom: false });
    }
    None
}

fn magic(bytes: &[u8]) -> Option<&'static str> {
    let sigs: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "ZIP 压缩文件（或 Word .docx 文件）"),
        (b"\x89PNG", "PNG 图片"),
        (b"\xFF\xD8\xFF", "JPEG 图片"),
        (b"GIF8", "GIF 图片"),
        (b"\x7FELF", "可执行程序"),
        (b"\x1F\x8B", "gzip 压缩文件"),
    ];
    sigs.iter().find(|(s, _)| bytes.starts_with(s)).map(|(_, n)| *n)
}

/// The reason for an OLE compound file (Word 97–2003, WPS, Excel 97–2003).
pub fn ole_reason(bytes: &[u8]) -> &'static str {
    // stream names are UTF-16LE in the directory
    let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
    let holds = |s: &str| {
        let pat = utf16(s);
        bytes.windows(pat.len()).any(|w| w == pat.as_slice())
    };
    if holds("WordDocument") {
        "这是 Word 97-2003（.doc）或 WPS 文字（.wps）文件，无法直接读取；请用 Word/WPS 另存为 .docx 或 PDF 后再导入"
    } else if holds("Workbook") || holds("Book") {
        "这是 Excel 97-2003（.xls）文件，不是年度报告正文；请导入报告的 Word、PDF 或网页"
    } else {
        "这是旧版 Office 或 WPS 文件（.doc/.wps/.xls），无法直接读取；请用 Word/WPS 另存为 .docx 或 PDF 后再导入"
    }
}

/// More than one character in twenty is a control character: binary decoded as text.
pub fn mostly_controls(text: &str) -> bool {
    // over the bytes (each count vectorises): characters are the bytes that do not continue a
    // sequence; controls are C0 (but line breaks, tab, form feed), DEL, and C1 (U+0080–U+009F:
    // C2 80–9F)
    let bytes = text.as_bytes();
    let (mut continuing, mut c0) = (0usize, 0usize);
    for chunk in bytes.chunks(128) {
        // byte counters vectorise best; a chunk of 128 cannot overflow them
        let (mut cont, mut ctl) = (0u8, 0u8);
        for &b in chunk {
            cont += u8::from((b as i8) < -64);
            ctl += u8::from((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t') & (b != 0x0C) | (b == 0x7F));
        }
        continuing += cont as usize;
        c0 += ctl as usize;
    }
    // C1 controls are encoded C2 80–9F: looked for only where a C2 byte occurs at all
    let c1 = if bytes.contains(&0xC2) {
        bytes.windows(2).filter(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1])).count()
    } else {
        0
    };
    let chars = bytes.len() - continuing;
    let controls = c0 + c1;
    controls * 20 > chars.max(1)
}

/// The charset an HTML page declares in its first 4 KB (`<meta charset=gbk>`), lower-case.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let pos = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &lower[pos + 8..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest.iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')).unwrap_or(rest.len());
    (end > 0).then(|| String::from_utf8_lossy(&rest[..end]).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_is_told_by_its_header_in_the_first_kilobyte() {
        assert!(is_pdf(b"%PDF-1.7\n"));
        assert!(is_pdf(b"\n%PDF-1.4\n"), "a leading line break, as pdftotext reads it");
        assert!(is_pdf(b"\r\n\0 \t%PDF-1.4"));
        assert!(is_pdf(b"\xff\xfe\x80junk%PDF-1.4"), "binary junk before the header");
        assert!(!is_pdf(b"see %PDF-1.4 in the text"), "text quoting the header is text");
        assert!(!is_pdf("一、总体情况 %PDF-".as_bytes()));
        let mut far = vec![b'\n'; PDF_HEADER_WINDOW];
        far.extend_from_slice(b"%PDF-1.4");
        assert!(!is_pdf(&far), "beyond the first kilobyte");
        assert!(matches!(sniff(b"\n%PDF-1.4\n"), Sniff::Refuse(why) if why.contains("PDF")));
    }

    #[test]
    fn ole_files_are_named() {
        let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(ole_reason(&doc).contains("Word 97-2003（.doc）"));
        assert!(ole_reason(b"\xD0\xCF\x11\xE0").contains("旧版"));
    }
}
