//! Decoding a file with encoding_rs: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern),
//! GBK/GB18030 or a declared charset; refusing bytes that are not text (see [`super::sniff`]).

use super::sniff::{declared_charset, mostly_controls, sniff, Sniff};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Decodes bytes to text, detecting the encoding. The error says, in Chinese, why the bytes are
/// not text.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    decode_with_name(bytes).map(|(s, _)| s)
}

/// Like [`decode`], also naming the encoding found ("UTF-8", "gb18030", "UTF-16LE", …).
pub fn decode_with_name(bytes: &[u8]) -> Result<(String, &'static str), String> {
    let strict = |enc: &'static Encoding, body: &[u8]| -> Result<(String, &'static str), String> {
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(format!("文件按 {} 编码读取时有无法解码的字节", enc.name()));
        }
        if mostly_controls(&text) {
            return Err("内容大多是控制字符，不是文本".to_string());
        }
        Ok((text.into_owned(), enc.name()))
    };
    match sniff(bytes) {
        Sniff::Refuse(why) => Err(why),
        Sniff::Utf8Bom => strict(UTF_8, &bytes[3..]),
        Sniff::Utf16Le { bom } => strict(UTF_16LE, &bytes[if bom { 2 } else { 0 }..]),
        Sniff::Utf16Be { bom } => strict(UTF_16BE, &bytes[if bom { 2 } else { 0 }..]),
        Sniff::Bytes => {
            if let Ok(s) = std::str::from_utf8(bytes) {
                return strict(UTF_8, s.as_bytes());
            }
            let declared = declared_charset(bytes).and_then(|l| Encoding::for_label(l.as_bytes()));
            let enc = declared.filter(|e| *e != UTF_8).unwrap_or(GB18030);
            strict(enc, bytes).map_err(|_| "既不是有效的 UTF-8，也不是有效的 GBK/GB18030 文本".to_string())
        }
    }
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
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap(), text);
        let ascii: Vec<u8> = "1. report\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&ascii).unwrap(), "1. report\n");
    }

    #[test]
    fn refuses_binary() {
        assert!(decode(b"%PDF-1.7 ...").unwrap_err().contains("PDF"));
        assert!(decode(b"PK\x03\x04\x00\x00").unwrap_err().contains("ZIP"));
        assert!(decode(&[0u8, 1, 2, 3, 0, 0, 9]).is_err());
        assert!(decode(&[0u8, 159, 146, 150, 0, 1, 2, 3]).is_err());
        assert!(decode(b"").is_err());
    }
}
