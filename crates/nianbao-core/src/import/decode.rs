//! Detecting the encoding of a file: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern),
//! GBK/GB18030; and refusing bytes that are not text.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Decodes bytes to text, detecting the encoding. The error says, in Chinese, why the bytes are
/// not text.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    decode_with_name(bytes).map(|(s, _)| s)
}

/// Like [`decode`], also naming the encoding found ("UTF-8", "GB18030", "UTF-16LE", …).
pub fn decode_with_name(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if bytes.is_empty() {
        return Err("文件为空".to_string());
    }
    if bytes.starts_with(b"%PDF") {
        return Err("这是 PDF 文件，请先提取其中的文字（或使用发布页面的 HTML）".to_string());
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(format!("文件声明为 {} 编码，但内容有无法解码的字节", enc.name()));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors && !mostly_controls(&text) {
            return Ok((text.into_owned(), enc.name()));
        }
    }
    if let Some(zip) = magic(bytes) {
        return Err(format!("这是{zip}，不是文本"));
    }
    if bytes.contains(&0) {
        return Err("文件含有二进制数据（NUL 字节），不是文本".to_string());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    // an HTML page may declare its charset
    let declared = declared_charset(bytes);
    let enc = declared.filter(|e| *e != UTF_8).unwrap_or(GB18030);
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err("既不是有效的 UTF-8，也不是有效的 GBK/GB18030 文本".to_string());
    }
    if mostly_controls(&text) {
        return Err("内容大多是控制字符，不是文本".to_string());
    }
    Ok((text.into_owned(), enc.name()))
}

/// More than one character in twenty is a control character: binary, not text.
fn mostly_controls(text: &str) -> bool {
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    controls * 20 > text.chars().count().max(1)
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even_zero = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    // ASCII-heavy UTF-16 has NUL in every other byte; CJK-heavy UTF-16 has none, so also accept
    // text whose code units are mostly in the CJK range.
    if odd_zero * 3 > pairs && even_zero * 10 < pairs {
        return Some(UTF_16LE);
    }
    if even_zero * 3 > pairs && odd_zero * 10 < pairs {
        return Some(UTF_16BE);
    }
    None
}

fn magic(bytes: &[u8]) -> Option<&'static str> {
    let sigs: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "ZIP 压缩文件（或 Word .docx 文件）"),
        (b"\xD0\xCF\x11\xE0", "旧版 Office 文件（.doc/.xls）"),
        (b"\x89PNG", "PNG 图片"),
        (b"\xFF\xD8\xFF", "JPEG 图片"),
        (b"GIF8", "GIF 图片"),
        (b"\x7FELF", "可执行程序"),
        (b"\x1F\x8B", "gzip 压缩文件"),
    ];
    sigs.iter().find(|(s, _)| bytes.starts_with(s)).map(|(_, n)| *n)
}

fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let pos = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &lower[pos + 8..];
    let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
    let end = rest.iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')).unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encodings() {
        let text = "一、总体情况\n收到申请3件";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap(), text);
        let (gbk, _, _) = GB18030.encode(text);
        assert_eq!(decode_with_name(&gbk).unwrap(), (text.to_string(), "gb18030"));
        let (utf16, _, _) = UTF_16LE.encode(text);
        let mut le = vec![0xFF, 0xFE];
        // encoding_rs encodes UTF-16 to UTF-8; build UTF-16LE by hand
        let _ = utf16;
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap(), text);
    }

    #[test]
    fn refuses_binary() {
        assert!(decode(b"%PDF-1.7 ...").unwrap_err().contains("PDF"));
        assert!(decode(b"PK\x03\x04\x00\x00").unwrap_err().contains("ZIP"));
        assert!(decode(&[0u8, 1, 2, 3, 0, 0, 9]).is_err());
        assert!(decode(b"").is_err());
    }
}
