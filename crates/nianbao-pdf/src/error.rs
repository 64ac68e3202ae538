//! Why a PDF could not be read, in words a clerk understands.

use std::fmt;

/// Why [`pdf_to_text`](crate::pdf_to_text) could not give the text of a PDF.
///
/// Each variant is one reason; [`Display`](fmt::Display) says it in Chinese, with what the user
/// can do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// The bytes do not start like a PDF file (no `%PDF-` header).
    NotPdf,
    /// The file ends before its end marker: it was cut off while downloading or copying.
    Truncated,
    /// The file is encrypted and cannot be opened without a password.
    Encrypted,
    /// The file's structure cannot be read (cross-reference table, objects or page tree broken).
    /// The string says what is broken, in Chinese.
    Damaged(String),
    /// The pages hold only images: a scanned document without a text layer.
    Scanned,
    /// The pages hold neither text nor images.
    NoText,
    /// The text is drawn with fonts that carry no way back to characters (no ToUnicode map and no
    /// known encoding); `pages` lists the page numbers (from 1) affected.
    Undecodable {
        /// Page numbers (from 1) whose text cannot be decoded.
        pages: Vec<u32>,
    },
    /// Reading the file would take more than the work [`Budget`](crate::Budget) allows (a stream
    /// decoding to too many bytes, too many operators, characters, fonts entries, table lines…):
    /// the file is built to exhaust the reader, or is far outside what an annual report holds.
    /// `what` says which limit and where, in Chinese ("第3页内容流解压后超过 64 MB").
    TooLarge {
        /// Which limit was passed and where, in Chinese.
        what: String,
    },
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::NotPdf => f.write_str("不是 PDF 文件：文件开头没有“%PDF-”标记"),
            PdfError::Truncated => f.write_str(
                "PDF 文件不完整：文件在结束标记（%%EOF）之前就中断了，可能下载或复制未完成；请重新下载后再导入",
            ),
            PdfError::Encrypted => f.write_str(
                "PDF 已加密，需要密码才能打开，无法读取；请向发布机关索取未加密的 PDF，或用阅读器去除密码后另存",
            ),
            PdfError::Damaged(what) => write!(f, "PDF 文件已损坏，无法读取：{what}；请重新下载或向发布机关索取原文件"),
            PdfError::Scanned => {
                f.write_str("PDF 为扫描图片，没有文字层，无法读取；请向发布机关索取文字版或可复制文字的 PDF")
            }
            PdfError::NoText => f.write_str("PDF 中没有任何文字，也没有图片，无法读取年报内容"),
            PdfError::Undecodable { pages } => {
                let list: Vec<String> = pages.iter().map(|p| format!("第{p}页")).collect();
                write!(
                    f,
                    "PDF 的文字使用了无法还原为汉字的字体编码（{}），无法可靠读取；请向发布机关索取文字版或 Word 文件",
                    list.join("、")
                )
            }
            PdfError::TooLarge { what } => write!(f, "PDF 结构异常：{what}，超出读取限度，未读取"),
        }
    }
}

impl std::error::Error for PdfError {}
