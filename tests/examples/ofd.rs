//! Writes an OFD of a report for the browser tests (`cargo run -p nianbao-tests --example ofd --
//! IN OUT.ofd`): the report (any file `check` reads) is exported to .docx by `render`, and the
//! .docx's text typeset into an OFD by `tests/ofd_writer.rs`, as `tests/forms.rs` does.
#[path = "../ofd_writer.rs"]
#[allow(dead_code)]
mod ofd_writer;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("用法：ofd 年报文件 输出.ofd");
        std::process::exit(2);
    };
    let report = nianbao_core::import::import_bytes(&std::fs::read(input).expect("the report file")).expect("a report");
    let docx = nianbao_core::render::render(&report, nianbao_core::render::Format::Docx);
    let text = nianbao_core::read::read_bytes(&docx).expect("the .docx reads").text;
    std::fs::write(output, ofd_writer::ofd_from_text(&text)).expect("the OFD is written");
}
