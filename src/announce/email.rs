//! An announcement as an RFC 5322 message: headers, and a plain-text and an
//! HTML part (multipart/alternative), quoted-printable so that every line is
//! short and 7-bit, whatever the text holds.

use jiff::Timestamp;

use super::{Announcement, Reader};
use crate::site::markdown::{self, Placement};

fn host(base_url: &str) -> String {
    let after = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let host = after.split(['/', ':']).next().unwrap_or("localhost");
    if host.is_empty() {
        "localhost".to_string()
    } else {
        host.to_string()
    }
}

/// RFC 2047 encoded-word for a header with non-ASCII text.
fn header_text(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::from("=?UTF-8?Q?");
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' => out.push(byte as char),
            b' ' => out.push('_'),
            _ => out.push_str(&format!("={byte:02X}")),
        }
    }
    out.push_str("?=");
    out
}

/// Quoted-printable (RFC 2045): lines of at most 76 characters.
pub fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let bytes = line.trim_end_matches('\r').as_bytes();
        let mut width = 0;
        for (j, &byte) in bytes.iter().enumerate() {
            let last = j + 1 == bytes.len();
            let encoded = match byte {
                b'=' => format!("={byte:02X}"),
                b' ' | b'\t' if last => format!("={byte:02X}"),
                33..=126 | b' ' | b'\t' => (byte as char).to_string(),
                _ => format!("={byte:02X}"),
            };
            if width + encoded.len() > 75 {
                out.push_str("=\r\n");
                width = 0;
            }
            width += encoded.len();
            out.push_str(&encoded);
        }
    }
    out
}

pub fn email(
    announcement: &Announcement,
    product: &str,
    base_url: &str,
    reader: Reader,
    now: Timestamp,
) -> String {
    let host = host(base_url);
    let audience = match reader {
        Reader::Customers => "customers",
        Reader::Internal => "internal",
    };
    let version_token: String = announcement
        .subject
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
        .take(40)
        .collect();
    let boundary = format!("milepost-{audience}-{}", now.as_second());
    let html_body = markdown::render(
        &announcement.markdown,
        Placement {
            top_heading: 1,
            id_prefix: "",
        },
    );
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n{html_body}</body>\n</html>\n",
        crate::site::render::escape_html(&announcement.subject)
    );
    let mut message = String::new();
    let date = now.strftime("%a, %d %b %Y %H:%M:%S +0000");
    for (name, value) in [
        (
            "From",
            format!("{} <releases@{host}>", header_text(product)),
        ),
        (
            "To",
            if reader == Reader::Customers {
                "undisclosed-recipients:;".to_string()
            } else {
                format!("team@{host}")
            },
        ),
        ("Subject", header_text(&announcement.subject)),
        ("Date", date.to_string()),
        (
            "Message-ID",
            format!("<{audience}.{version_token}.{}@{host}>", now.as_second()),
        ),
        ("MIME-Version", "1.0".to_string()),
        (
            "Content-Type",
            format!("multipart/alternative; boundary=\"{boundary}\""),
        ),
    ] {
        message.push_str(&format!("{name}: {value}\r\n"));
    }
    message.push_str("\r\n");
    for (kind, body) in [("text/plain", &announcement.markdown), ("text/html", &html)] {
        message.push_str(&format!(
            "--{boundary}\r\nContent-Type: {kind}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n",
            quoted_printable(body)
        ));
    }
    message.push_str(&format!("--{boundary}--\r\n"));
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_keeps_lines_short_and_seven_bit() {
        let text = format!("Caf\u{e9} = 1 \n{}", "x".repeat(200));
        let qp = quoted_printable(&text);
        assert!(qp.starts_with("Caf=C3=A9 =3D 1=20\r\n"), "{qp}");
        assert!(qp.lines().all(|l| l.len() <= 76 && l.is_ascii()));
    }

    #[test]
    fn headers_with_accents_are_encoded() {
        assert_eq!(
            header_text("Déploiement 2.0"),
            "=?UTF-8?Q?D=C3=A9ploiement_2.0?="
        );
        assert_eq!(
            host("https://releases.acme.example/notes/"),
            "releases.acme.example"
        );
    }
}
