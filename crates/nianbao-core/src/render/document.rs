//! Documents other than a report — a supervisor's 通报, a unit's list of problems — as blocks
//! the Word writer lays out in the report's 公文 style (`docx::document_docx`, feature `docx`).

/// A document other than a report, written in the same 公文 style: a supervisor's 通报 or a
/// unit's list of problems.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// The document's title (also its title property).
    pub title: String,
    /// Its author property (the issuing office).
    pub author: String,
    /// The content, in order.
    pub blocks: Vec<DocBlock>,
}

/// One block of a [`Document`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum DocBlock {
    /// The title (小标宋 2号, centred).
    Title(String),
    /// A line addressed to its readers ("各单位："), flush left.
    Salutation(String),
    /// 一级标题 (黑体).
    Heading1(String),
    /// 二级标题 (楷体).
    Heading2(String),
    /// A paragraph, first line indented two characters.
    Para(String),
    /// A table: its header and rows, in 小五 宋体 across the text width; `widths` are relative.
    Grid {
        /// The header row (repeated on each page).
        header: Vec<String>,
        /// The rows.
        rows: Vec<Vec<String>>,
        /// Relative column widths.
        widths: Vec<usize>,
    },
    /// The 落款: unit and date, right-aligned.
    Signature {
        /// The issuing unit.
        unit: String,
        /// The date.
        date: String,
    },
    /// A page break (before an attachment).
    PageBreak,
}
