//! `--notice 通报.docx` and `--unit-lists 目录`: what a supervisor hands on after a batch — the
//! 通报 and one Word list of problems for each unit with problems (`nianbao_core::batch::notice`).

use crate::files::{self, Outcome, Skipped};
use nianbao_core::batch::notice::{self as core_notice, NoticeOptions};
use nianbao_core::batch::Batch;
use nianbao_core::render::docx::document_docx;
use std::path::PathBuf;

/// The documents asked for, and who issues them.
#[derive(Debug, Default)]
pub struct Handing {
    /// Where the 通报 goes.
    pub notice: Option<PathBuf>,
    /// The folder for the units' lists.
    pub unit_lists: Option<PathBuf>,
    /// Issuer, date, deadline.
    pub options: NoticeOptions,
}

impl Handing {
    /// Refuses, before the batch is read, a 通报 that is not .docx or cannot be written, and a
    /// folder for the lists that is a file.
    pub fn check(&self, force: bool) -> Result<(), String> {
        if let Some(p) = &self.notice {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if ext != "docx" {
                return Err(format!("通报 {} 只能写成 Word 文件（.docx）", files::shown(p)));
            }
            files::check_target(p, force).map_err(|e| format!("无法写入通报 {}：{e}", files::shown(p)))?;
        }
        if let Some(d) = &self.unit_lists {
            if d.exists() && !d.is_dir() {
                return Err(format!("问题清单目录 {} 已存在且不是目录", files::shown(d)));
            }
        }
        Ok(())
    }

    /// Writes what was asked for; returns a line for each thing written.
    pub fn write(
        &self,
        results: &[(PathBuf, Outcome)],
        review: &Batch,
        skipped: &Skipped,
        force: bool,
    ) -> Result<Vec<String>, String> {
        let mut done = Vec::new();
        if let Some(p) = &self.notice {
            let mut unreadable: Vec<(String, String)> = results
                .iter()
                .filter_map(|(path, o)| o.as_ref().err().map(|why| (files::shown(path), why.clone())))
                .collect();
            unreadable.extend(skipped.missing.iter().map(|(p, why)| (files::shown(p), why.clone())));
            let doc = core_notice::notice(review, &unreadable, &self.options);
            files::write_atomic(p, &document_docx(&doc), force)
                .map_err(|e| format!("无法写入通报 {}：{e}", files::shown(p)))?;
            done.push(format!("已写入通报 {}", files::shown(p)));
        }
        if let Some(dir) = &self.unit_lists {
            std::fs::create_dir_all(dir).map_err(|e| format!("无法建立问题清单目录 {}：{e}", files::shown(dir)))?;
            let mut used: Vec<String> = Vec::new();
            let mut n = 0;
            // the batch's year, a report in several forms once
            for e in core_notice::entries_of_year(review) {
                let Some(doc) = core_notice::unit_list(e, &self.options) else { continue };
                let name = core_notice::list_file_name(&core_notice::unit_name(e), e.year, &mut used);
                let path = dir.join(&name);
                files::write_atomic(&path, &document_docx(&doc), force)
                    .map_err(|err| format!("无法写入问题清单 {}：{err}", files::shown(&path)))?;
                n += 1;
            }
            done.push(format!("已写入 {n} 份单位问题清单到 {}", files::shown(dir)));
        }
        Ok(done)
    }
}
