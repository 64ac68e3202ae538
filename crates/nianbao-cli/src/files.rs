//! Finding, reading and writing files.

use nianbao_core::import::{self, ImportError};
use nianbao_core::Report;
use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use nianbao_core::read::{PICTURE_EXTENSIONS, REPORT_EXTENSIONS};

/// The largest input read, in bytes (64 MiB). A real report, PDF included, is well below 20 MB.
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// What a directory walk left out.
#[derive(Default)]
pub struct Skipped {
    /// Files of other kinds inside the directories given (PDF, TSV…), by extension.
    pub other: Vec<PathBuf>,
    /// Entries that are not regular files (FIFOs, sockets, devices) or folders already walked
    /// through another link (a symlink loop), with the reason.
    pub special: Vec<(PathBuf, String)>,
    /// Paths given that do not exist or cannot be listed, with the reason.
    pub missing: Vec<(PathBuf, String)>,
}

/// Expands the paths given: files as they are, directories recursively (sorted), keeping files
/// with a report or picture extension (a file of no form read here is listed as unreadable, with
/// the reason its bytes give). Each folder is walked once, however many links lead to it, and only regular
/// files are taken from a folder.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Skipped) {
    let mut out = Vec::new();
    let mut skipped = Skipped::default();
    let mut seen = HashSet::new();
    for p in paths {
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out, &mut skipped, &mut seen),
            Ok(_) => out.push(p.clone()),
            Err(e) => skipped.missing.push((p.clone(), io_reason(&e))),
        }
    }
    (out, skipped)
}

/// Whether a folder is the `名称_files` (or `名称.files`) folder a browser saves beside a page
/// `名称.htm(l)`: it holds the page's pictures, not reports.
pub fn is_saved_page_folder(dir: &Path) -> bool {
    let Some(name) = dir.file_name().and_then(|n| n.to_str()) else { return false };
    let Some(stem) = name.strip_suffix("_files").or_else(|| name.strip_suffix(".files")) else { return false };
    ["htm", "html", "shtml"].iter().any(|ext| dir.with_file_name(format!("{stem}.{ext}")).is_file())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, skipped: &mut Skipped, seen: &mut HashSet<PathBuf>) {
    // a folder reached again through a link (`ln -s . dir/self`) is not walked twice
    match fs::canonicalize(dir) {
        Ok(real) if !seen.insert(real.clone()) => {
            skipped.special.push((dir.to_path_buf(), format!("目录已检查过（链接指向 {}）", real.display())));
            return;
        }
        Ok(_) => {}
        Err(e) => {
            skipped.missing.push((dir.to_path_buf(), io_reason(&e)));
            return;
        }
    }
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
        let meta = match fs::metadata(&p) {
            Ok(m) => m,
            Err(e) => {
                skipped.missing.push((p, io_reason(&e)));
                continue;
            }
        };
        if meta.is_dir() {
            if is_saved_page_folder(&p) {
                // the pictures of a saved page are read with the page
                continue;
            }
            walk(&p, out, skipped, seen);
        } else if !meta.is_file() {
            skipped.special.push((p, "不是普通文件（管道、设备或套接字），未读取".to_string()));
        } else {
            let ext = p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
            if REPORT_EXTENSIONS.contains(&ext.as_str()) || PICTURE_EXTENSIONS.contains(&ext.as_str()) {
                // read by their bytes: a file of a form not read is listed as unreadable, with
                // the reason its bytes give
                out.push(p);
            } else {
                skipped.other.push(p);
            }
        }
    }
}

/// A path as shown on a terminal: control characters (escape sequences planted in a file name)
/// made visible.
pub fn shown(p: &Path) -> String {
    nianbao_core::text::printable(&p.display().to_string()).into_owned()
}

/// The bytes of a path that is not valid UTF-8 (shown lossily elsewhere), so that a JSON reader
/// can map the name back to the file; None for a valid name.
pub fn raw_name(p: &Path) -> Option<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        p.to_str().is_none().then(|| p.as_os_str().as_bytes().to_vec())
    }
    #[cfg(not(unix))]
    {
        p.to_str().is_none().then(|| p.to_string_lossy().into_owned().into_bytes())
    }
}

/// The reason of an I/O error, in Chinese.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "文件或目录不存在".to_string(),
        io::ErrorKind::PermissionDenied => "没有权限".to_string(),
        io::ErrorKind::AlreadyExists => "文件已存在".to_string(),
        io::ErrorKind::IsADirectory => "这是一个目录".to_string(),
        io::ErrorKind::StorageFull => "磁盘已满".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "文件系统只读".to_string(),
        _ => format!("读写失败（{e}）"),
    }
}

/// Reads a file's bytes: only a regular file, and at most [`MAX_INPUT`] bytes.
pub fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("这是一个目录".to_string());
    }
    if !meta.is_file() {
        return Err("不是普通文件（管道、设备或套接字），未读取".to_string());
    }
    let too_large = || format!("文件超过 {} MB，不像是一份年报，未读取", MAX_INPUT / 1024 / 1024);
    if meta.len() > MAX_INPUT {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path).and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut bytes)).map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads and imports one file.
pub fn load(path: &Path) -> Result<Report, String> {
    let bytes = read_input(path)?;
    if let Some(read) = crate::ocr::import_pictured(path, &bytes) {
        return read.map(|(report, _)| report);
    }
    import::import_bytes(&bytes).map_err(|e| match e {
        ImportError::BadDraft(why) => why,
        other => other.to_string(),
    })
}

/// Temporary files being written, removed if the program is interrupted (SIGINT, SIGTERM).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the handler that removes half-written temporary files when the program is
/// interrupted, then exits with status 130.
pub fn clean_up_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(pending) = PENDING.lock() {
            for p in pending.iter() {
                let _ = fs::remove_file(p);
            }
        }
        std::process::exit(130);
    });
}

/// Checks an output path before any work is done (a batch of thousands of files is not read
/// only to find that its result cannot be written): an existing file needs `force`; an
/// existing folder, device, pipe or socket is never replaced, whatever `force` says (a link is
/// followed to what it names); the folder it goes into must exist.
pub fn check_target(path: &Path, force: bool) -> Result<(), String> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => Err("输出路径是一个目录，请给出文件名（如 年报.docx）".to_string()),
        Ok(m) if !m.is_file() => {
            Err("输出路径已存在，且不是普通文件（设备、管道或套接字），不能覆盖；请另给一个文件名".to_string())
        }
        Ok(_) if !force => Err("文件已存在；如要覆盖请加 --force".to_string()),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok() && !force {
                // a link to nothing: writing replaces the link itself
                return Err("文件已存在（指向不存在位置的链接）；如要覆盖请加 --force".to_string());
            }
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            match fs::metadata(dir) {
                Ok(m) if m.is_dir() => Ok(()),
                Ok(_) => Err(format!("输出位置 {} 不是文件夹", shown(dir))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    Err(format!("输出文件夹 {} 不存在，请先建立该文件夹", shown(dir)))
                }
                Err(e) => Err(format!("输出文件夹 {}：{}", shown(dir), io_reason(&e))),
            }
        }
        Err(e) => Err(io_reason(&e)),
    }
}

/// Writes a file atomically: a temporary file created exclusively in the same folder (never
/// following a link planted there), then renamed over the target. The target is checked first
/// ([`check_target`]): an existing file is replaced only with `force`, and then keeps its
/// permissions; a folder, device, pipe or socket is never replaced. A new file gets the
/// permissions the process's umask gives (0644 under 022).
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    check_target(path, force)?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or("输出路径不是文件名")?.to_string_lossy().to_string();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // created with mode 0666, which the kernel narrows by the umask, like any new file
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| io_reason(&e))?;
    let tmp_path = tmp.path().to_path_buf();
    if let Ok(mut p) = PENDING.lock() {
        p.push(tmp_path.clone());
    }
    let result = (|| -> io::Result<()> {
        tmp.write_all(bytes)?;
        if let Some(m) = fs::metadata(path).ok().filter(|m| m.is_file()) {
            fs::set_permissions(tmp.path(), m.permissions())?;
        }
        tmp.as_file().sync_all()?;
        // checked again right before the rename: a device or folder put there meanwhile is
        // still never replaced
        if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            return Err(io::Error::other("输出路径已存在，且不是普通文件，不能覆盖"));
        }
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    })();
    if let Ok(mut p) = PENDING.lock() {
        p.retain(|q| q != &tmp_path);
    }
    // on error the temporary file is removed when `tmp` is dropped
    result.map_err(|e| if e.kind() == io::ErrorKind::Other { e.to_string() } else { io_reason(&e) })
}

/// The result of checking one file: the report and its findings, or why it could not be read.
pub type Outcome = Result<(Report, Vec<nianbao_core::Finding>), String>;
