//! Helpers shared by the CLI tests: where the real reports are, and running the binary.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The folder of real published reports (`$NIANBAO_CORPUS` or `../shared/corpus`).
pub fn corpus() -> PathBuf {
    match std::env::var("NIANBAO_CORPUS") {
        Ok(d) => PathBuf::from(d),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    }
}

/// Runs `nianbao` with the arguments, without colours.
pub fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).env("NO_COLOR", "1").output().expect("runs")
}
