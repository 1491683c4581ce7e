use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;

use crate::cli::ServeArgs;
use crate::load::find_root;
use crate::serve::{ServeOptions, serve};

use super::Outcome;

pub fn run(cwd: &Path, args: &ServeArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let options = ServeOptions {
        root,
        address: SocketAddr::new(args.bind, args.port),
        now: args.now,
    };
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, not only on this machine: anyone who can reach it sees the internal site (deploy docs, incidents, people)",
            args.bind
        );
    }
    let open = args.open;
    serve(options, |address| {
        let url = format!("http://{address}/");
        // The first line says where: scripts (and the tests) read it.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "serving {url} (public: {url}public/, internal: {url}internal/)"
        );
        let _ = out.flush();
        if open {
            let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
        }
    })?;
    Ok(Outcome::Success)
}
