//! The pictures a saved web page shows in place of its tables (`<img src="名称_files/…">`): found
//! in the page's HTML by their relative paths, and, once read by OCR, their text put where each
//! picture was, a paragraph a line, so that the page is imported as if its tables were text.
//! Used by the CLI (pictures found by path beside the page) and by the browser's 批量检查
//! (pictures found among the files of the dropped folder).

use std::ops::Range;

/// The most pictures of one page read by OCR.
pub const MAX_PAGE_PICTURES: usize = 64;

/// A local picture a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePicture {
    /// The whole `<img …>` tag's byte range in the page.
    pub tag: Range<usize>,
    /// Its path relative to the page's folder, `/`-separated, `%XX` escapes decoded, without
    /// `.` segments ("名称_files/image001.png").
    pub path: String,
}

/// The local pictures an HTML page shows, in order (at most [`MAX_PAGE_PICTURES`]): relative
/// paths only (a saved page's `名称_files/…`), never a URL, an absolute path or one that climbs
/// out of the page's folder.
pub fn page_pictures(html: &str) -> Vec<PagePicture> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<img") {
        let start = at + found;
        let Some(len) = lower[start..].find('>') else { break };
        let end = start + len + 1;
        at = end;
        let Some(src) = attribute(&html[start..end], "src") else { continue };
        let src = percent_decoded(src.trim());
        if src.contains(':') || src.starts_with('/') || src.starts_with('\\') {
            continue;
        }
        let segments: Vec<&str> = src.split(['/', '\\']).filter(|s| !s.is_empty() && *s != ".").collect();
        if segments.is_empty() || segments.contains(&"..") {
            continue;
        }
        if out.len() < MAX_PAGE_PICTURES {
            out.push(PagePicture { tag: start..end, path: segments.join("/") });
        }
    }
    out
}

/// The page with each picture's text in its place (`texts[i]` for `pictures[i]`; `None` leaves
/// the picture as it is: not a picture read here), a `<p>` a line, escaped; and how many
/// pictures were replaced.
pub fn with_picture_texts(html: &str, pictures: &[PagePicture], texts: &[Option<String>]) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    let mut read = 0;
    for (picture, text) in pictures.iter().zip(texts) {
        if picture.tag.start < at || picture.tag.end > html.len() {
            continue;
        }
        out.push_str(&html[at..picture.tag.start]);
        match text {
            Some(text) => {
                read += 1;
                out.push_str("<div>");
                for line in text.lines() {
                    out.push_str("<p>");
                    out.push_str(&crate::render::html::escape(line));
                    out.push_str("</p>");
                }
                out.push_str("</div>");
            }
            None => out.push_str(&html[picture.tag.clone()]),
        }
        at = picture.tag.end;
    }
    out.push_str(&html[at..]);
    (out, read)
}

/// The subject of the OCR note for a page whose pictures were read ("本报告页面中的2张图片").
pub fn subject(read: usize) -> String {
    format!("本报告页面中的{read}张图片")
}

/// The value of an attribute of a start tag (`src="…"`, `src='…'` or `src=…`).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = lower[at..].find(name) {
        let i = at + found;
        at = i + name.len();
        let before = lower[..i].chars().last();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[at..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let rest = rest.trim_start();
        return match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
            _ => rest.split(|c: char| c.is_whitespace() || c == '>').next(),
        };
    }
    None
}

fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_pictures_only_and_their_text_in_place() {
        let html = r#"<p>二</p><IMG class=x SRC="a_files/%E8%A1%A8.png"><img src='http://x/y.png'><img src="../up.png"><img data-src="z.png" src=./a_files/b.jpg><p>三</p>"#;
        let pics = page_pictures(html);
        let paths: Vec<&str> = pics.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["a_files/表.png", "a_files/b.jpg"]);
        let (out, read) = with_picture_texts(html, &pics, &[Some("| 1 | <2> |".into()), None]);
        assert_eq!(read, 1);
        assert!(out.starts_with("<p>二</p><div><p>| 1 | &lt;2&gt; |</p></div><img src='http://x/y.png'>"), "{out}");
        assert!(out.ends_with(r#"<img data-src="z.png" src=./a_files/b.jpg><p>三</p>"#), "{out}");
    }
}
