//! Tesseract as the native [`Recogniser`]: Debian's `tesseract-ocr` with `chi_sim` and `eng`,
//! run as a program once per kind of job (its models are loaded once a run), each job a PGM file
//! in a temporary folder, the words read back from its TSV output. Feature `tesseract` (native
//! only: it runs a program and writes temporary files).

use crate::{Job, JobKind, OcrError, Reading, Recogniser};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// What to install when Tesseract or its data is missing.
const INSTALL: &str = "请安装 Tesseract 文字识别程序及其简体中文数据（Debian/Ubuntu：apt-get install tesseract-ocr tesseract-ocr-chi-sim；或运行 scripts/setup.sh）";

/// How long one Tesseract run may take: a base and a share per picture.
const BASE_TIME: Duration = Duration::from_secs(120);
const TIME_PER_JOB: Duration = Duration::from_secs(2);

/// Tesseract, run as a program once per kind of job (its models are loaded once a run).
#[derive(Debug, Default, Clone, Copy)]
pub struct Tesseract;

/// Whether Tesseract with `chi_sim` and `eng` can be run here (asked once).
pub fn available() -> Result<(), OcrError> {
    static ANSWER: OnceLock<Result<(), String>> = OnceLock::new();
    ANSWER
        .get_or_init(|| {
            let out = Command::new("tesseract")
                .arg("--list-langs")
                .stdin(Stdio::null())
                .output()
                .map_err(|_| format!("未找到 Tesseract 文字识别程序，图片无法识别：{INSTALL}"))?;
            let langs = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
            for lang in ["chi_sim", "eng"] {
                if !langs.lines().any(|l| l.trim() == lang) {
                    return Err(format!("Tesseract 缺少“{lang}”识别数据，图片无法识别：{INSTALL}"));
                }
            }
            Ok(())
        })
        .clone()
        .map_err(OcrError::Recogniser)
}

/// How Tesseract ended when it did not finish normally.
enum Ended {
    /// Killed by a signal (it crashes on some pictures, e.g. SIGFPE): the pictures are read in
    /// smaller batches, and a picture that crashes it alone is read as nothing.
    Crashed,
    /// Any other failure: the reading stops with this error.
    Failed(OcrError),
}

impl Tesseract {
    /// Runs a batch; when Tesseract crashes, each half again, down to single pictures, which
    /// then read as nothing (the cell becomes `?`, never a value).
    fn run_split(&self, kind: JobKind, jobs: &[&Job]) -> Result<Vec<Reading>, OcrError> {
        match self.run(kind, jobs) {
            Ok(r) => Ok(r),
            Err(Ended::Failed(e)) => Err(e),
            Err(Ended::Crashed) if jobs.len() == 1 => Ok(vec![Reading::default()]),
            Err(Ended::Crashed) => {
                let (a, b) = jobs.split_at(jobs.len() / 2);
                let mut out = self.run_split(kind, a)?;
                out.extend(self.run_split(kind, b)?);
                Ok(out)
            }
        }
    }

    /// Runs Tesseract once over pictures of one kind; their readings in order.
    fn run(&self, kind: JobKind, jobs: &[&Job]) -> Result<Vec<Reading>, Ended> {
        let failed = |why: String| Ended::Failed(OcrError::Recogniser(format!("文字识别（Tesseract）失败：{why}")));
        let dir = tempfile::Builder::new().prefix("nianbao-ocr").tempdir().map_err(|e| failed(e.to_string()))?;
        let mut list = String::new();
        for (i, job) in jobs.iter().enumerate() {
            let path = dir.path().join(format!("{i}.pgm"));
            std::fs::write(&path, job.image.pgm()).map_err(|e| failed(e.to_string()))?;
            list.push_str(&path.to_string_lossy());
            list.push('\n');
        }
        let list_path = dir.path().join("list.txt");
        std::fs::write(&list_path, list).map_err(|e| failed(e.to_string()))?;
        let mut cmd = Command::new("tesseract");
        cmd.arg(&list_path)
            .arg("stdout")
            .args(["-l", kind.languages(), "--psm", &kind.page_segmentation().to_string(), "--dpi", "300"])
            .args(["-c", "debug_file=/dev/null"]);
        if let Some(alphabet) = kind.alphabet() {
            cmd.args(["-c", &format!("tessedit_char_whitelist={alphabet}")]);
        }
        cmd.arg("tsv")
            // pages are read in parallel already: one thread a Tesseract
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let child =
            cmd.spawn().map_err(|_| Ended::Failed(OcrError::Recogniser(format!("无法运行 Tesseract：{INSTALL}"))))?;
        let limit = BASE_TIME + TIME_PER_JOB * jobs.len() as u32;
        let output = wait_within(child, limit).map_err(failed)?;
        if output.status.code().is_none() {
            return Err(Ended::Crashed);
        }
        if !output.status.success() {
            let err = String::from_utf8_lossy(&output.stderr);
            let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("").chars().take(200).collect::<String>();
            return Err(failed(format!(
                "退出码 {:?}：{}",
                output.status.code(),
                nianbao_core::text::printable(&first)
            )));
        }
        Ok(crate::parse_tsv(&String::from_utf8_lossy(&output.stdout), jobs.len()))
    }
}

/// Waits for a child, reading its output, and ends it when it takes longer than `limit`.
fn wait_within(mut child: std::process::Child, limit: Duration) -> Result<std::process::Output, String> {
    let start = Instant::now();
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = std::io::Read::read_to_end(s, &mut buf);
        }
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr.as_mut() {
            let _ = std::io::Read::read_to_end(s, &mut buf);
        }
        buf
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("超过 {} 秒仍未完成，已停止", limit.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Ok(std::process::Output { status, stdout, stderr })
}

impl Recogniser for Tesseract {
    fn recognise(&mut self, jobs: &[Job]) -> Result<Vec<Reading>, OcrError> {
        available()?;
        let mut out = vec![Reading::default(); jobs.len()];
        for kind in [JobKind::Number, JobKind::Digit, JobKind::Label, JobKind::Page] {
            let picked: Vec<usize> = (0..jobs.len()).filter(|&i| jobs[i].kind == kind).collect();
            if picked.is_empty() {
                continue;
            }
            let these: Vec<&Job> = picked.iter().map(|&i| &jobs[i]).collect();
            for (i, reading) in picked.into_iter().zip(self.run_split(kind, &these)?) {
                out[i] = reading;
            }
        }
        Ok(out)
    }
}
