//! Opening the file: header, end marker, encryption and structure, each with its own reason.

use crate::error::PdfError;
use lopdf::{Document, Error};

/// How far into the file the `%PDF-` header may start (PDF 32000-1:2008 allows leading bytes).
const HEADER_WINDOW: usize = 1024;

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether the file ends with an end marker, and the cross-reference offset it names lies inside.
fn is_complete(bytes: &[u8]) -> bool {
    let tail_start = bytes.len().saturating_sub(4096);
    let tail = &bytes[tail_start..];
    let Some(eof) = tail.windows(5).rposition(|w| w == b"%%EOF") else {
        return false;
    };
    let Some(sx) = tail[..eof].windows(9).rposition(|w| w == b"startxref") else {
        return true;
    };
    let digits: String = tail[sx + 9..eof]
        .iter()
        .map(|&b| b as char)
        .skip_while(|c| c.is_ascii_whitespace())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse::<usize>().map_or(true, |offset| offset < bytes.len())
}

/// Says in Chinese what part of the structure a lopdf error is about.
fn damage(e: &Error) -> String {
    match e {
        Error::Xref(_) | Error::MissingXrefEntry | Error::InvalidOffset(_) => "交叉引用表（xref）无法读取".into(),
        Error::ObjectNotFound(_) | Error::ObjectIdMismatch | Error::IndirectObject { .. } => {
            "文件中的对象缺失或错位".into()
        }
        Error::ReferenceCycle(_) | Error::ReferenceLimit => "对象之间存在循环引用".into(),
        Error::Decompress(_) => "压缩的数据流无法解压".into(),
        Error::DictKey(k) => format!("缺少必需的条目“{k}”"),
        _ => "文件结构无法解析".into(),
    }
}

/// Opens a PDF, telling apart not-a-PDF, truncated, encrypted and damaged files.
pub fn open(bytes: &[u8]) -> Result<Document, PdfError> {
    let head = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if find(head, b"%PDF-").is_none() {
        return Err(PdfError::NotPdf);
    }
    let complete = is_complete(bytes);
    let doc = match Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(
            Error::InvalidPassword | Error::Decryption(_) | Error::UnsupportedSecurityHandler(_) | Error::NotEncrypted,
        ) => return Err(PdfError::Encrypted),
        Err(_) if !complete => return Err(PdfError::Truncated),
        Err(e) => return Err(PdfError::Damaged(damage(&e))),
    };
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    if !complete {
        return Err(PdfError::Truncated);
    }
    Ok(doc)
}
