//! Readers: the bytes of a published report, in whatever form it came, → the intermediate text
//! the importer ([`crate::import`]) understands. One line a paragraph; a table row as
//! `| a | b |` (or, from a fixed layout, cells apart by wide gaps); nothing else.
//!
//! | form | reader | feature |
//! |---|---|---|
//! | text, Markdown (UTF-8, UTF-16, GBK/GB18030) | [`decode`], [`sniff`] | `decode` |
//! | HTML page | [`html`] (scraper) over [`html_text`] (shared with the browser's DOM walk) | `html` |
//! | Word .docx | [`docx`] | `docx-read` |
//! | Word 97–2003 .doc, WPS .wps | [`doc`] | `doc-read` |
//! | PDF | the `nianbao-pdf` crate | `pdf` |
//! | OFD (GB/T 33190) | [`ofd`], laid out by `nianbao-pdf`'s line and table reading | `ofd` |
//! | pictures (scans, pasted tables) | the `nianbao-ocr` crate; [`page_pictures`] for a saved page's `<img>` | — |
//!
//! [`read_bytes`] picks the reader by the file's bytes, never by its name. A reader knows
//! nothing of parts or table rows: adding a form touches this module only.

#[cfg(feature = "decode")]
pub mod decode;
#[cfg(feature = "doc-read")]
pub mod doc;
#[cfg(feature = "docx-read")]
pub mod docx;
#[cfg(feature = "html")]
pub mod html;
pub mod html_text;
#[cfg(any(feature = "docx-read", feature = "doc-read"))]
mod list_number;
#[cfg(feature = "ofd")]
pub mod ofd;
pub mod page_pictures;
pub mod sniff;

#[cfg(feature = "decode")]
use crate::import::ImportError;

/// What an XML parser's error says, for a reader's Chinese reason: a limit of the parser
/// reached (the kind of thing there were too many of: 节点, 属性, 命名空间声明), or a broken part
/// (what is wrong, with its line and column where they help).
#[cfg(any(feature = "docx-read", feature = "ofd"))]
pub(crate) enum XmlProblem {
    /// Too many of these.
    Limit(&'static str),
    /// What is wrong, and where.
    Broken(String),
}

#[cfg(any(feature = "docx-read", feature = "ofd"))]
impl XmlProblem {
    pub(crate) fn of(e: &roxmltree::Error) -> XmlProblem {
        use roxmltree::Error as E;
        let what = match e {
            E::NodesLimitReached => return XmlProblem::Limit("XML 节点"),
            E::AttributesLimitReached => return XmlProblem::Limit("属性"),
            E::NamespacesLimitReached => return XmlProblem::Limit("命名空间声明"),
            E::DtdDetected => "含有文档类型声明（DTD）",
            E::UnexpectedEndOfStream | E::UnclosedRootNode => "内容在结束前中断，文件可能被截断",
            E::NoRootNode => "没有根元素",
            E::UnexpectedCloseTag(..) | E::UnexpectedEntityCloseTag(_) => "结束标签与开始标签不配对",
            E::InvalidXmlPrefixUri(_)
            | E::UnexpectedXmlUri(_)
            | E::UnexpectedXmlnsUri(_)
            | E::InvalidElementNamePrefix(_)
            | E::DuplicatedNamespace(..)
            | E::UnknownNamespace(..) => "命名空间声明有误",
            E::UnknownEntityReference(..)
            | E::MalformedEntityReference(_)
            | E::EntityReferenceLoop(_)
            | E::EntityResolver(..) => "实体引用有误",
            E::InvalidAttributeValue(_) | E::DuplicatedAttribute(..) => "属性有误",
            E::NonXmlChar(..) => "含有 XML 不允许的字符",
            _ => "语法有误",
        };
        let at = match e {
            E::UnexpectedEndOfStream | E::UnclosedRootNode | E::NoRootNode | E::DtdDetected => String::new(),
            _ => format!("第 {} 行第 {} 列：", e.pos().row, e.pos().col),
        };
        XmlProblem::Broken(format!("{at}{what}"))
    }
}

/// Extensions (lower case, without the dot) of the files read as reports when a folder is
/// checked: by the CLI's directory walk and the web app's 批量检查. Which reader a file gets is
/// decided by its bytes ([`read_bytes`]); a file whose bytes are of no form read here is listed
/// with its reason, never left out unseen.
pub const REPORT_EXTENSIONS: &[&str] =
    &["txt", "text", "html", "htm", "shtml", "xhtml", "md", "markdown", "json", "pdf", "docx", "doc", "wps", "ofd"];

/// Extensions of picture files (a scanned page, a table saved as an image): read by OCR where a
/// recogniser is at hand (the CLI with Tesseract, the browser with tesseract.js).
pub const PICTURE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "tif", "tiff"];

/// The text of a file of any form read here, told by its bytes: an OFD package (with the `ofd`
/// feature), a Word .docx package (`docx-read`), a Word 97–2003 or WPS file (`doc-read`), a PDF's
/// text layer laid out by position (`pdf`), or text whose encoding is detected. Each form's
/// damaged, encrypted or hostile files get their own reason.
#[cfg(feature = "decode")]
pub fn read_bytes(bytes: &[u8]) -> Result<decode::Decoded, ImportError> {
    #[cfg(any(feature = "docx-read", feature = "doc-read", feature = "pdf", feature = "ofd"))]
    let extracted =
        |text: String, encoding: &'static str| decode::Decoded { text, encoding, damaged: Vec::new(), odd_byte: false };
    #[cfg(feature = "ofd")]
    if ofd::is_ofd(bytes) {
        return Ok(extracted(ofd::ofd_to_text(bytes)?, "OFD"));
    }
    #[cfg(feature = "docx-read")]
    if docx::is_zip(bytes) {
        return Ok(extracted(docx::docx_to_text(bytes)?, "Word"));
    }
    #[cfg(feature = "pdf")]
    if sniff::is_pdf(bytes) {
        let text = nianbao_pdf::pdf_to_text(bytes).map_err(|e| ImportError::Unsupported(e.to_string()))?;
        return Ok(extracted(text, "PDF"));
    }
    if bytes.starts_with(sniff::OLE_MAGIC) {
        #[cfg(feature = "doc-read")]
        return doc::doc_to_text(bytes).map(|text| extracted(text, "Word 97-2003"));
        #[cfg(not(feature = "doc-read"))]
        return Err(ImportError::Unsupported(sniff::ole_reason(bytes).to_string()));
    }
    decode::decode_report(bytes).map_err(ImportError::NotText)
}
