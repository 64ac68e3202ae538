//! Finding, reading and writing files.

use nianbao_core::import::{self, ImportError};
use nianbao_core::Report;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use nianbao_core::import::REPORT_EXTENSIONS;

/// What a directory walk left out.
#[derive(Default)]
pub struct Skipped {
    /// Files of other kinds inside the directories given (PDF, TSV…), by extension.
    pub other: Vec<PathBuf>,
    /// Paths given that do not exist or cannot be listed, with the reason.
    pub missing: Vec<(PathBuf, String)>,
}

/// Expands the paths given: files as they are, directories recursively (sorted), keeping files
/// with a report extension.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Skipped) {
    let mut out = Vec::new();
    let mut skipped = Skipped::default();
    for p in paths {
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out, &mut skipped),
            Ok(_) => out.push(p.clone()),
            Err(e) => skipped.missing.push((p.clone(), io_reason(&e))),
        }
    }
    (out, skipped)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, skipped: &mut Skipped) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            skipped.missing.push((dir.to_path_buf(), io_reason(&e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out, skipped);
        } else {
            let ext = p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
            if REPORT_EXTENSIONS.contains(&ext.as_str()) {
                out.push(p);
            } else {
                skipped.other.push(p);
            }
        }
    }
}

/// The reason of an I/O error, in Chinese.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "文件或目录不存在".to_string(),
        io::ErrorKind::PermissionDenied => "没有权限".to_string(),
        io::ErrorKind::AlreadyExists => "文件已存在".to_string(),
        io::ErrorKind::IsADirectory => "这是一个目录".to_string(),
        _ => format!("读写失败（{e}）"),
    }
}

/// Reads and imports one file.
pub fn load(path: &Path) -> Result<Report, String> {
    let bytes = fs::read(path).map_err(|e| io_reason(&e))?;
    import::import_bytes(&bytes).map_err(|e| match e {
        ImportError::BadDraft(why) => why,
        other => other.to_string(),
    })
}

/// Writes a file atomically (temporary file in the same folder, then rename). Refuses to
/// overwrite an existing file unless `force`.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    if path.exists() && !force {
        return Err("文件已存在；如要覆盖请加 --force".to_string());
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or("输出路径不是文件名")?.to_string_lossy().to_string();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io_reason(&e));
    }
    Ok(())
}

/// The result of checking one file: the report and its findings, or why it could not be read.
pub type Outcome = Result<(Report, Vec<nianbao_core::Finding>), String>;
