//! `nianbao`: the offline checker for 政府信息公开工作年度报告.
//!
//! ```text
//! nianbao check FILE|DIR... [--previous FILE] [--format human|json] [--deny-warnings]
//!               [--roster 名单.csv] [--deadline MM-DD] [--baseline 已复核.json] [--profile 细则.json]
//!               [--write-baseline 已复核.json] [--summary 检查结果.csv|xlsx] [--force]
//! nianbao sum DIR... -o 汇总.json|csv [--government FILE] [--force]
//! nianbao explain CODE
//! nianbao rules
//! nianbao convert FILE -o report.json [--force]
//! nianbao render FILE --to docx|html|page|txt|md -o OUT [--force]
//! ```
//! Exit codes: 0 no errors; 1 errors found (or warnings with `--deny-warnings`); 2 a file could
//! not be read, or a usage error.

mod batch;
mod files;
mod human;
mod json;
mod ledger;
mod notice;
mod ocr;
mod progress;
mod sum;
mod summary;

/// Prints a line to stdout; a closed pipe (`nianbao check … | head`) ends the program quietly
/// with status 141, as a shell does for SIGPIPE; any other write error (a full disk,
/// `> /dev/full`) is said on stderr and ends it with status 2.
macro_rules! outln {
    ($($t:tt)*) => {
        $crate::write_line(format_args!($($t)*))
    };
}
pub(crate) use outln;

pub(crate) fn write_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = anstream::stdout();
    if let Err(e) = writeln!(out, "{args}").and_then(|()| out.flush()) {
        stdout_failed(&e);
    }
}

/// Ends the program after stdout failed: quietly for a closed pipe, with the reason otherwise.
pub(crate) fn stdout_failed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(141);
    }
    anstream::eprintln!("无法输出检查结果：{}", files::io_reason(e));
    std::process::exit(2);
}

use clap::{ArgAction, Parser, Subcommand, ValueEnum};
use nianbao_core::rules::{self, RULES};
use nianbao_core::Severity;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "政府信息公开工作年度报告检查工具：核对勾稽关系、格式与正文数字",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "命令",
    next_help_heading = "选项",
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
    /// 显示帮助
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Subcommand)]
enum Cmd {
    /// 检查年报（文件或目录，目录下的 .txt/.html/.md/.json/.pdf/.docx/.doc/.wps/.ofd 与图片文件逐个检查）
    #[command(help_template = "{about}\n\n用法：{usage}\n\n{all-args}", next_help_heading = "选项")]
    Check {
        /// 年报文件或目录（可多个）
        #[arg(required = true, value_name = "文件或目录")]
        paths: Vec<PathBuf>,
        /// 上一年度的年报，所有年报都与它作跨年度检查；不给时自动与同一单位上一年度的年报配对
        #[arg(long, value_name = "上年年报")]
        previous: Option<PathBuf>,
        /// 输出格式：human（人读）或 json（机读）
        #[arg(long, value_enum, default_value_t = Format::Human, value_name = "格式")]
        format: Format,
        /// 有警告也按失败退出（退出码 1）
        #[arg(long)]
        deny_warnings: bool,
        /// 不显示“提示”级别的结果
        #[arg(long)]
        no_info: bool,
        /// 应发布年报的单位名单（CSV：单位,类别,截止日期），名单中没有年报的单位列为“未发布”
        #[arg(long, value_name = "名单.csv")]
        roster: Option<PathBuf>,
        /// 发布截止日期（月-日，如 01-26），代替条例规定的部门1月31日、政府3月31日
        #[arg(long, value_name = "月-日")]
        deadline: Option<String>,
        /// 复核文件：其中已确认或不予采纳的问题不再列出
        #[arg(long, value_name = "已复核.json")]
        baseline: Option<PathBuf>,
        /// 地方细则文件（JSON，如 {"名称": "某市评估细则", "总体情况字数上限": 1000}），开启细则中的检查（L9xx）
        #[arg(long, value_name = "细则.json")]
        profile: Option<PathBuf>,
        /// 把本次的全部问题写入复核文件（保留原有的处理意见）
        #[arg(long, value_name = "已复核.json")]
        write_baseline: Option<PathBuf>,
        /// 把检查结果写成 .xlsx 工作簿（概况、汇总、问题清单、阅读提示、统计图、未读取、规则说明）或 .csv 汇总表
        #[arg(long, value_name = "检查结果.xlsx")]
        summary: Option<PathBuf>,
        /// 本批年报的报告年度（名单中没有该年度年报的单位列为“未发布”）；不指定时取年报中最新的年度
        #[arg(long, value_name = "年度")]
        year: Option<u16>,
        /// 写出检查情况通报（Word，公文格式：基本情况、主要问题、整改要求、附件问题清单）
        #[arg(long, value_name = "通报.docx")]
        notice: Option<PathBuf>,
        /// 为每个有问题的单位写一份问题清单（Word），放在该目录中
        #[arg(long, value_name = "目录")]
        unit_lists: Option<PathBuf>,
        /// 通报和问题清单的落款单位（如“某某县人民政府办公室”）
        #[arg(long, value_name = "单位")]
        issuer: Option<String>,
        /// 通报的成文日期（如“2026年2月10日”）
        #[arg(long, value_name = "日期")]
        notice_date: Option<String>,
        /// 整改期限（如“2026年3月10日”），写入通报和问题清单
        #[arg(long, value_name = "日期")]
        fix_by: Option<String>,
        /// 覆盖已存在的汇总表或复核文件
        #[arg(long)]
        force: bool,
    },
    /// 汇总多份年报的表三、表四，核对汇总后的勾稽关系，并与政府本级年报比较
    #[command(help_template = "{about}\n\n用法：{usage}\n\n{all-args}", next_help_heading = "选项")]
    Sum {
        /// 要汇总的年报文件或目录（可多个）
        #[arg(required = true, value_name = "文件或目录")]
        paths: Vec<PathBuf>,
        /// 输出文件（.json 或 .csv）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: PathBuf,
        /// 与汇总结果比较的政府年报（不指定时取文件夹中唯一的最高一级政府年报）
        #[arg(long, value_name = "政府年报")]
        government: Option<PathBuf>,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
    },
    /// 显示某条规则的说明（含错误与正确示例）
    #[command(help_template = "{about}\n\n用法：{usage}\n\n{all-args}", next_help_heading = "选项")]
    Explain {
        /// 规则代码，如 A101
        #[arg(value_name = "规则代码")]
        code: String,
    },
    /// 列出全部规则
    #[command(help_template = "{about}\n\n用法：{usage}\n\n{all-args}")]
    Rules,
    /// 把年报输出为 Word（公文格式）、HTML（网站内容管理系统用）、整页 HTML、纯文本或 Markdown
    #[command(help_template = "{about}\n\n用法：{usage}\n\n{all-args}", next_help_heading = "选项")]
    Render {
        /// 草稿 JSON，或 check 能读取的任何年报文件
        #[arg(value_name = "文件")]
        file: PathBuf,
        /// 输出格式：docx、html（片段）、page（整页）、txt、md
        #[arg(long = "to", value_name = "格式", value_parser = ["docx", "html", "page", "txt", "md"])]
        to: String,
        /// 输出文件
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: PathBuf,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
    },
    /// 把发布的年报（文本、HTML）转换为草稿 JSON
    #[command(help_template = "{about}\n\n用法：{usage}\n\n{all-args}", next_help_heading = "选项")]
    Convert {
        /// 年报文件
        #[arg(value_name = "文件")]
        file: PathBuf,
        /// 输出的草稿 JSON 文件
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: PathBuf,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
    },
    /// 由依申请公开登记台账（.xlsx/.xls/.ods/.csv）统计表三，列出无法读取的行、按名称推定类型的申请人和超期答复
    #[command(help_template = "{about}\n\n用法：{usage}\n\n{all-args}", next_help_heading = "选项")]
    Ledger {
        /// 台账文件
        #[arg(value_name = "台账文件")]
        file: PathBuf,
        /// 报告年度
        #[arg(long, value_name = "年度")]
        year: u16,
        /// 各列的对应关系（JSON，如 {"收到日期": "B", "办理结果": "F"}，列号或表头列名）
        #[arg(long, value_name = "对应关系.json")]
        map: Option<PathBuf>,
        /// 工作表名称（不指定时取第一个能找到表头的工作表）
        #[arg(long, value_name = "工作表")]
        sheet: Option<String>,
        /// 写入草稿 JSON（表三按台账填写）
        #[arg(short = 'o', long = "output", value_name = "草稿.json")]
        output: Option<PathBuf>,
        /// 已有的草稿：只替换其表三，其余不变（与 -o 一起使用）
        #[arg(long, value_name = "草稿.json")]
        merge: Option<PathBuf>,
        /// 新草稿的发布机关
        #[arg(long, value_name = "单位")]
        agency: Option<String>,
        /// 输出格式：human（人读）或 json（机读）
        #[arg(long, value_enum, default_value = "human", value_name = "格式")]
        format: Format,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// The stack of each thread that reads reports. The readers bound their nesting (HTML, Word,
/// PDF) well below what this holds; rayon's default (2 MB) is what a deep file overflowed.
const READER_STACK: usize = 16 * 1024 * 1024;

std::thread_local! {
    /// Where the last panic of this thread happened, for the Chinese message.
    static PANICKED_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Panics are caught where a file is read (the batch: each file's own error; spreadsheets) and
/// told in Chinese; the panic itself prints nothing in English (with `NIANBAO_DEBUG` set it
/// prints as Rust does). One that reaches `main` ends the run with a Chinese message and code 3.
fn quiet_panics() {
    if std::env::var_os("NIANBAO_DEBUG").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        PANICKED_AT.with(|p| *p.borrow_mut() = Some(at));
    }));
}

fn main() -> ExitCode {
    quiet_panics();
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        let at = PANICKED_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
        eprintln!("nianbao 内部错误（{at}），本次运行已中止；请把所用文件和命令报告给 nianbao 的开发者（设置 NIANBAO_DEBUG=1 可看到详情）");
        ExitCode::from(3)
    })
}

fn run() -> ExitCode {
    files::clean_up_on_interrupt();
    // a pool that cannot be built leaves rayon's default: the batch still runs
    let _ = rayon::ThreadPoolBuilder::new().stack_size(READER_STACK).build_global();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match cli.cmd {
        Cmd::Check {
            paths,
            previous,
            format,
            deny_warnings,
            no_info,
            roster,
            deadline,
            baseline,
            profile,
            write_baseline,
            summary,
            year,
            notice,
            unit_lists,
            issuer,
            notice_date,
            fix_by,
            force,
        } => {
            let handing = notice::Handing {
                notice,
                unit_lists,
                options: nianbao_core::batch::notice::NoticeOptions {
                    issuer: issuer.unwrap_or_default(),
                    date: notice_date.unwrap_or_default(),
                    deadline: fix_by.unwrap_or_default(),
                },
            };
            let out = BatchArgs { roster, deadline, baseline, profile, write_baseline, summary, year, handing, force };
            check(&paths, previous.as_deref(), format, deny_warnings, no_info, &out)
        }
        Cmd::Sum { paths, output, government, force } => sum::run(&paths, government.as_deref(), &output, force),
        Cmd::Explain { code } => explain(&code),
        Cmd::Rules => {
            human::print_rules();
            ExitCode::SUCCESS
        }
        Cmd::Convert { file, output, force } => convert(&file, &output, force),
        Cmd::Ledger { file, year, map, sheet, output, merge, agency, format, force } => ledger::run(&ledger::Args {
            file: &file,
            year,
            map: map.as_deref(),
            sheet: sheet.as_deref(),
            output: output.as_deref(),
            merge: merge.as_deref(),
            agency: agency.as_deref(),
            json: format == Format::Json,
            force,
        }),
        Cmd::Render { file, to, output, force } => render(&file, &to, &output, force),
    }
}

fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let what = match e.kind() {
        ErrorKind::InvalidSubcommand => "没有这个命令",
        ErrorKind::UnknownArgument => "不认识的参数",
        ErrorKind::MissingRequiredArgument => "缺少必需的参数",
        ErrorKind::InvalidValue => "参数取值不对",
        ErrorKind::MissingSubcommand => "缺少命令",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "参数个数不对",
        ErrorKind::ArgumentConflict => "参数互相冲突",
        _ => "命令行参数有误",
    };
    use clap::error::{ContextKind, ContextValue};
    let named = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        _ => None,
    };
    let detail = match e.kind() {
        ErrorKind::MissingRequiredArgument => named(ContextKind::InvalidArg).map(|a| format!("未给出 {a}")),
        ErrorKind::InvalidValue => match (named(ContextKind::InvalidArg), named(ContextKind::InvalidValue)) {
            (Some(arg), Some(v)) => {
                let valid = named(ContextKind::ValidValue).map(|v| format!("，可用：{v}")).unwrap_or_default();
                Some(format!("{arg} 不能取“{v}”{valid}"))
            }
            _ => None,
        },
        ErrorKind::UnknownArgument => named(ContextKind::InvalidArg).map(|a| format!("没有参数 {a}")),
        ErrorKind::InvalidSubcommand => named(ContextKind::InvalidSubcommand)
            .map(|c| format!("没有命令“{c}”，可用：check、sum、explain、rules、convert、render")),
        _ => None,
    };
    let detail = detail.unwrap_or_else(|| {
        let text = e.render().to_string();
        text.lines().next().unwrap_or("").trim_start_matches("error: ").to_string()
    });
    let detail = nianbao_core::text::printable(&detail);
    anstream::eprintln!("用法错误：{what}（{detail}）\n运行 `nianbao --help` 查看用法。");
    ExitCode::from(2)
}

/// The batch options of `check`.
struct BatchArgs {
    roster: Option<PathBuf>,
    deadline: Option<String>,
    baseline: Option<PathBuf>,
    profile: Option<PathBuf>,
    write_baseline: Option<PathBuf>,
    summary: Option<PathBuf>,
    year: Option<u16>,
    handing: notice::Handing,
    force: bool,
}

fn check(
    paths: &[PathBuf],
    previous: Option<&std::path::Path>,
    format: Format,
    deny_warnings: bool,
    no_info: bool,
    args: &BatchArgs,
) -> ExitCode {
    let opts = match batch::options(
        args.roster.as_deref(),
        args.deadline.as_deref(),
        args.baseline.as_deref(),
        args.profile.as_deref(),
        previous,
        no_info,
    ) {
        Ok(o) => nianbao_core::batch::Options { year: args.year, ..o },
        Err(e) => {
            anstream::eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Some(Err(e)) = args.summary.as_deref().map(summary::check_path) {
        anstream::eprintln!("{e}");
        return ExitCode::from(2);
    }
    // the outputs are checked before the batch is read, not after
    if let Some(path) = &args.summary {
        if let Err(e) = files::check_target(path, args.force) {
            anstream::eprintln!("无法写入汇总表 {}：{e}", files::shown(path));
            return ExitCode::from(2);
        }
    }
    if let Err(e) = args.handing.check(args.force) {
        anstream::eprintln!("{e}");
        return ExitCode::from(2);
    }
    if let Some(path) = &args.write_baseline {
        let same = args.baseline.as_deref() == Some(path.as_path());
        if let Err(e) = files::check_target(path, args.force || same) {
            anstream::eprintln!("无法写入复核文件 {}：{e}", files::shown(path));
            return ExitCode::from(2);
        }
    }
    let (inputs, skipped) = files::collect(paths);
    let entry_findings = format == Format::Human || args.summary.is_some() || args.write_baseline.is_some();
    let (results, review) = batch::run(&inputs, &opts, entry_findings);
    if format == Format::Human {
        for (input, outcome) in &results {
            human::print_file(input, outcome);
        }
    }
    let unreadable = results.iter().filter(|(_, o)| o.is_err()).count() + skipped.missing.len();
    use std::io::Write;
    if let Err(e) = anstream::stdout().flush() {
        stdout_failed(&e);
    }
    let errors = results
        .iter()
        .filter_map(|(_, o)| o.as_ref().ok())
        .any(|(_, f)| f.iter().any(|f| f.severity == Severity::Error));
    let warnings = results
        .iter()
        .filter_map(|(_, o)| o.as_ref().ok())
        .any(|(_, f)| f.iter().any(|f| f.severity == Severity::Warning));
    match format {
        Format::Human => {
            human::print_summary(&results, &skipped);
            batch::print_summary(&review);
        }
        Format::Json => json::print(&results, &skipped, &batch::json_extra(&results, &review)),
    }
    if let Some(path) = &args.summary {
        match summary::write(path, &results, &review, &skipped, args.force) {
            Ok(done) => anstream::eprintln!("{done}"),
            Err(e) => {
                anstream::eprintln!("无法写入汇总表 {}：{e}", files::shown(path));
                return ExitCode::from(2);
            }
        }
    }
    match args.handing.write(&results, &review, &skipped, args.force) {
        Ok(done) => done.iter().for_each(|d| anstream::eprintln!("{d}")),
        Err(e) => {
            anstream::eprintln!("{e}");
            return ExitCode::from(2);
        }
    }
    if let Some(path) = &args.write_baseline {
        let same = args.baseline.as_deref() == Some(path.as_path());
        match batch::write_baseline(path, &review, &opts, args.force || same) {
            Ok(n) => anstream::eprintln!("已写入复核文件 {}（{n} 条）", files::shown(path)),
            Err(e) => {
                anstream::eprintln!("无法写入复核文件 {}：{e}", files::shown(path));
                return ExitCode::from(2);
            }
        }
    }
    // everything is written: the reports and the review need not be freed one by one (for a
    // large batch that takes longer than printing them); the process ends right after
    std::mem::forget(results);
    std::mem::forget(review);
    if unreadable > 0 {
        ExitCode::from(2)
    } else if errors || (deny_warnings && warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads and checks one file. An internal fault (a panic) is reported as that file's reason,
/// so the other reports of the batch are still checked and printed.
fn explain(code: &str) -> ExitCode {
    match rules::rule(code) {
        Some(rule) => {
            human::print_rule(rule);
            ExitCode::SUCCESS
        }
        None => {
            let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
            anstream::eprintln!(
                "没有规则“{}”。已有的规则代码：{}",
                nianbao_core::text::printable(code),
                codes.join(" ")
            );
            ExitCode::from(2)
        }
    }
}

fn convert(file: &std::path::Path, output: &std::path::Path, force: bool) -> ExitCode {
    if let Err(e) = files::check_target(output, force) {
        anstream::eprintln!("无法写入 {}：{e}", files::shown(output));
        return ExitCode::from(2);
    }
    let report = match files::load(file) {
        Ok(r) => r,
        Err(e) => {
            anstream::eprintln!("无法转换 {}：{e}", files::shown(file));
            return ExitCode::from(2);
        }
    };
    match files::write_atomic(output, report.to_json().as_bytes(), force) {
        Ok(()) => {
            let (e, w, i) = rules::tally(&rules::check(&report, None));
            anstream::eprintln!("已写入 {}（检查结果：{e} 个错误，{w} 个警告，{i} 个提示）", files::shown(output));
            ExitCode::SUCCESS
        }
        Err(e) => {
            anstream::eprintln!("无法写入 {}：{e}", files::shown(output));
            ExitCode::from(2)
        }
    }
}

fn render(file: &std::path::Path, to: &str, output: &std::path::Path, force: bool) -> ExitCode {
    let Some(format) = nianbao_core::render::Format::parse(to) else {
        anstream::eprintln!("不支持的输出格式“{}”：可用 docx、html、page、txt、md", nianbao_core::text::printable(to));
        return ExitCode::from(2);
    };
    if let Err(e) = files::check_target(output, force) {
        anstream::eprintln!("无法写入 {}：{e}", files::shown(output));
        return ExitCode::from(2);
    }
    let report = match files::load(file) {
        Ok(r) => r,
        Err(e) => {
            anstream::eprintln!("无法读取 {}：{e}", files::shown(file));
            return ExitCode::from(2);
        }
    };
    let bytes = nianbao_core::render::render(&report, format);
    match files::write_atomic(output, &bytes, force) {
        Ok(()) => {
            let (e, w, _) = rules::tally(&rules::check(&report, None));
            let note = if e > 0 {
                format!("；注意：该年报有 {e} 个错误、{w} 个警告，发布前请先用 check 核对")
            } else {
                String::new()
            };
            anstream::eprintln!("已写入 {}（{} 字节）{note}", files::shown(output), bytes.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            anstream::eprintln!("无法写入 {}：{e}", files::shown(output));
            ExitCode::from(2)
        }
    }
}
