//! The files the sites publish as they are: release attachments and the
//! favicon.
//!
//! An SVG is a document, not a picture: opened by itself (a reader clicks
//! the image) it runs its scripts with the site's origin. Such an SVG is
//! refused with the reason rather than cleaned: a cleaner that rewrites
//! SVG has to know every way the format can reach script or the network
//! (namespaces, entities, `<use>`, CSS, SMIL `<set>`), and a miss is
//! published silently; a refusal is visible and the author fixes it once,
//! usually by exporting the image again without them.

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::assets::extension;
use crate::model::Registry;
use crate::source::SourceFile;

pub fn check(registry: &Registry) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let (Some(doc), Some(favicon)) = (&registry.settings, &registry.favicon)
        && doc.data.site.favicon.is_some()
    {
        match &favicon.bytes {
            Err(reason) => out.push(
                doc.error_at("/site/favicon", "favicon", reason.clone())
                    .with_help("name an svg, png or ico file of the registry, such as \"assets/favicon.svg\""),
            ),
            Ok(bytes) if extension(&favicon.path).as_deref() == Some("svg") => {
                if let Err((_, reason)) = svg_problem(bytes) {
                    out.push(doc.error_at(
                        "/site/favicon",
                        "unsafe-svg",
                        format!("{}: {reason}", favicon.path),
                    ));
                }
            }
            Ok(_) => {}
        }
    }
    for release in &registry.releases {
        for asset in &release.attachments {
            if extension(&asset.name).as_deref() != Some("svg") {
                continue;
            }
            if let Err((offset, reason)) = svg_problem(&asset.bytes) {
                let text = String::from_utf8_lossy(&asset.bytes).into_owned();
                let file =
                    SourceFile::new(asset.path.clone(), registry.root.join(&asset.path), text);
                out.push(
                    Diagnostic::at(
                        Severity::Error,
                        &file,
                        offset..offset,
                        "unsafe-svg",
                        format!("this SVG would run script or load other content: {reason}"),
                    )
                    .with_help("export the image again as plain SVG, or as PNG"),
                );
            }
        }
    }
    out
}

/// Elements that run script, embed other documents, or (SMIL) set an
/// attribute to an address after the checks below have read it.
const FORBIDDEN_ELEMENTS: [&str; 9] = [
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "set",
    "animate",
];

/// Why an SVG may not be published, and the byte offset of the reason;
/// `Ok` for one that only draws.
pub fn svg_problem(bytes: &[u8]) -> Result<(), (usize, String)> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err((0, "an SVG must be UTF-8 text".into()));
    };
    let lower = text.to_ascii_lowercase();
    if let Some(at) = lower.find("<!doctype").or_else(|| lower.find("<!entity")) {
        return Err((
            at,
            "it declares a document type or entities, which can hide anything".into(),
        ));
    }
    if let Some(at) = lower.find("<?xml-stylesheet") {
        return Err((at, "it loads a stylesheet".into()));
    }
    if let Some(at) = lower.find("javascript:") {
        return Err((at, "it has a `javascript:` address".into()));
    }
    // Styles: in attributes and in `<style>` elements alike.
    if let Some(at) = lower.find("@import") {
        return Err((at, "its styles import another file".into()));
    }
    for (start, tag) in tags(&lower) {
        let name = local_name(
            tag.split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or(""),
        );
        if let Some(element) = FORBIDDEN_ELEMENTS.iter().find(|e| **e == name) {
            return Err((start, format!("it has a `<{element}>` element")));
        }
        for (offset, attribute, value) in attributes(tag) {
            let at = start + offset;
            let attribute = local_name(attribute);
            if attribute.starts_with("on") {
                return Err((at, format!("it has an event handler (`{attribute}`)")));
            }
            if matches!(attribute, "href" | "src") && !value.trim_start().starts_with('#') {
                return Err((
                    at,
                    format!("it refers to another file or address (`{attribute}=\"{value}\"`)"),
                ));
            }
            if refers_out(value) {
                return Err((
                    at,
                    "it refers to another file or address in `url(…)`".into(),
                ));
            }
        }
    }
    if let Some((at, _)) = lower
        .match_indices("url(")
        .find(|(i, _)| refers_out(&lower[*i..]))
    {
        return Err((
            at,
            "its styles refer to another file or address in `url(…)`".into(),
        ));
    }
    Ok(())
}

/// `svg:script` → `script`.
fn local_name(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

/// A `url(` that leads anywhere but to an element of the same image
/// (`url(#gradient)`).
fn refers_out(css: &str) -> bool {
    css.match_indices("url(").any(|(i, _)| {
        !css[i + 4..]
            .trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'')
            .starts_with('#')
    })
}

/// The start tags of a lower-cased document: (offset of `<`, the text
/// between `<` and `>`). Comments, CDATA and processing instructions are
/// not tags; closing tags name nothing new.
fn tags(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(i) = text[rest..].find('<') {
        let start = rest + i;
        let after = &text[start + 1..];
        if after.starts_with("!--") {
            rest = after.find("-->").map_or(text.len(), |e| start + 1 + e + 3);
            continue;
        }
        let end = tag_end(after).map_or(text.len(), |e| start + 1 + e);
        let tag = &text[start + 1..end];
        if !tag.starts_with(['/', '!', '?']) {
            out.push((start, tag));
        }
        rest = (end + 1).min(text.len());
    }
    out
}

/// The `>` that ends a tag, outside quoted attribute values.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The attributes of a tag's text: (offset in the tag + 1, name, value).
fn attributes(tag: &str) -> Vec<(usize, &str, &str)> {
    let mut out = Vec::new();
    let bytes = tag.as_bytes();
    // Past the element's name.
    let mut i = tag
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(tag.len());
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'/')
        {
            i += 1;
        }
        let name = &tag[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && matches!(bytes[i], b'"' | b'\'') {
                let quote = bytes[i];
                let start = i + 1;
                let end = tag[start..]
                    .find(quote as char)
                    .map_or(tag.len(), |e| start + e);
                value = &tag[start..end];
                i = end + 1;
            } else {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = &tag[start..i];
            }
        }
        if !name.is_empty() {
            out.push((name_start + 1, name, value));
        }
        if i == name_start {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::svg_problem;

    fn reason(svg: &str) -> String {
        svg_problem(svg.as_bytes()).map_or_else(|(_, r)| r, |()| String::new())
    }

    #[test]
    fn an_svg_that_only_draws_is_accepted() {
        let svg = r##"<?xml version="1.0"?>
<!-- exported -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
<style>.a { fill: url(#g) }</style>
<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
<rect width="10" height="10" fill="url(#g)" style="fill: url( '#g' )"/>
<use xlink:href="#g"/><text x="1" y="5">a &gt; b, online</text>
</svg>"##;
        assert_eq!(reason(svg), "");
    }

    #[test]
    fn scripts_handlers_and_outside_references_are_refused() {
        for (svg, expected) in [
            ("<svg><script>alert(1)</script></svg>", "`<script>`"),
            ("<svg><svg:SCRIPT>x</svg:SCRIPT></svg>", "`<script>`"),
            ("<svg onload=\"alert(1)\"/>", "event handler (`onload`)"),
            (
                "<svg><rect\nONCLICK='x'/></svg>",
                "event handler (`onclick`)",
            ),
            (
                "<svg><a href=\"javascript:alert(1)\">x</a></svg>",
                "`javascript:`",
            ),
            (
                "<svg><a href=\"jav&#x61;script:x\">x</a></svg>",
                "another file",
            ),
            (
                "<svg><foreignObject><div/></foreignObject></svg>",
                "`<foreignobject>`",
            ),
            (
                "<svg><image href=\"https://t.example/p.png\"/></svg>",
                "another file",
            ),
            (
                "<svg><use xlink:href=\"other.svg#a\"/></svg>",
                "another file",
            ),
            (
                "<svg><rect fill=\"url(https://t.example/)\"/></svg>",
                "`url(…)`",
            ),
            ("<svg><rect style=\"fill:url(x.svg#a)\"/></svg>", "`url(…)`"),
            ("<svg><style>@import 'x.css';</style></svg>", "import"),
            (
                "<svg><style>rect{fill:url(//t.example/a)}</style></svg>",
                "styles refer",
            ),
            ("<!DOCTYPE svg [<!ENTITY x \"y\">]><svg/>", "document type"),
            ("<?xml-stylesheet href=\"x.css\"?><svg/>", "stylesheet"),
            (
                "<svg><set attributeName=\"href\" to=\"x\"/></svg>",
                "`<set>`",
            ),
        ] {
            let got = reason(svg);
            assert!(got.contains(expected), "{svg}: {got}");
        }
        assert!(svg_problem(&[0xff, 0xfe]).is_err());
    }

    #[test]
    fn the_reason_points_at_its_place() {
        let svg = "<svg>\n<rect/>\n<script/></svg>";
        let (at, _) = svg_problem(svg.as_bytes()).unwrap_err();
        assert_eq!(&svg[at..at + 7], "<script");
    }
}
