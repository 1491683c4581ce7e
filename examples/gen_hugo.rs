//! Writes the Hugo site that `benches/build.sh` measures beside milepost:
//! one page per release with the same ~300-word notes as `gen_registry`, a
//! list page and a minimal layout.
//!
//!     cargo run --release --example gen_hugo -- OUT [RELEASES]

use std::fs;
use std::path::{Path, PathBuf};

#[path = "synthetic/notes.rs"]
mod notes;
use notes::notes;

fn version(i: usize) -> String {
    format!("{}.{}.{}", 1 + i / 100, (i / 10) % 10, i % 10)
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

const BASEOF: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"#;
const SINGLE: &str = r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}</article>{{ end }}
"#;
const LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary | plainify | truncate 120 }}</li>
{{ end }}</ul>{{ end }}
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first().map(PathBuf::from) else {
        return Err("usage: gen_hugo OUT [RELEASES]".into());
    };
    let releases: usize = match args.get(1) {
        Some(n) => n.parse()?,
        None => 10_000,
    };
    if out.join("hugo.toml").exists() {
        fs::remove_dir_all(&out)?;
    }
    write(
        &out.join("hugo.toml"),
        "baseURL = \"https://releases.synthetic.example/\"\ntitle = \"Synthetic release notes\"\n\
         disableKinds = [\"taxonomy\", \"term\"]\n[outputs]\nhome = [\"html\", \"rss\"]\nsection = [\"html\"]\n",
    )?;
    write(&out.join("layouts/_default/baseof.html"), BASEOF)?;
    write(&out.join("layouts/_default/single.html"), SINGLE)?;
    write(&out.join("layouts/_default/list.html"), LIST)?;
    write(
        &out.join("content/releases/_index.md"),
        "---\ntitle: Releases\n---\n",
    )?;
    for r in 0..releases {
        let v = version(r);
        let date = format!("2026-01-{:02}T12:00:00Z", 1 + r % 28);
        write(
            &out.join(format!("content/releases/{v}.md")),
            &format!(
                "---\ntitle: \"Release {v}\"\ndate: {date}\n---\n\n{}",
                notes(&v, r)
            ),
        )?;
    }
    println!("wrote {} with {releases} pages", out.display());
    Ok(())
}
