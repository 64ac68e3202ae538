//! Prints the intermediate text a file's reader gives (`cargo run -p nianbao-core --example
//! read_text -- FILE`): what the importer reads, for looking at a new form or a misread file.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("用法：read_text 文件");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}：{e}");
        std::process::exit(1)
    });
    match nianbao_core::read::read_bytes(&bytes) {
        Ok(d) => print!("{}", d.text),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    }
}
