//! An announcement as an RFC 5322 message, built by `mail-builder`: it
//! encodes and folds every header (RFC 2047 encoded words of at most 75
//! characters), picks a random MIME boundary and encodes the bodies, so that
//! no text of the registry can add a header or a MIME part. Text meant for
//! one line is made one line first, as a second guard.

use jiff::Timestamp;
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;

use super::{Announcement, Reader};
use crate::site::markdown::{self, Placement};
use crate::text::one_line;

/// A mailbox: `Name <local@domain>` or `local@domain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "`{0}` is not an e-mail address (write it like releases@acme.example or Acme Releases <releases@acme.example>)"
)]
pub struct BadAddress(pub String);

impl Mailbox {
    pub fn parse(text: &str) -> Result<Mailbox, BadAddress> {
        let bad = || BadAddress(text.to_string());
        let text = text.trim();
        let (name, address) = match text.strip_suffix('>').and_then(|t| t.rsplit_once('<')) {
            Some((name, address)) => {
                let name = name.trim().trim_matches('"').trim();
                ((!name.is_empty()).then(|| name.to_string()), address.trim())
            }
            None => (None, text),
        };
        if !is_addr_spec(address)
            || name.as_deref().is_some_and(|n| {
                n.chars()
                    .any(|c| crate::text::is_control(c) || "<>\"".contains(c))
            })
        {
            return Err(bad());
        }
        Ok(Mailbox {
            name,
            address: address.to_string(),
        })
    }

    fn header(&self) -> Address<'_> {
        Address::new_address(self.name.as_deref(), self.address.as_str())
    }
}

/// `local@domain` with a dot-atom local part and a host name: the form
/// that needs no quoting, so nothing in it can end the header.
fn is_addr_spec(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let dot_atom = |s: &str, ok: &dyn Fn(char) -> bool| {
        !s.is_empty()
            && s.split('.')
                .all(|part| !part.is_empty() && part.chars().all(ok))
    };
    address.len() <= 254
        && dot_atom(local, &atext)
        && dot_atom(domain, &|c: char| c.is_ascii_alphanumeric() || c == '-')
}

/// Who the message is from and to.
#[derive(Debug, Clone)]
pub struct Envelope {
    pub from: Mailbox,
    pub to: Vec<Mailbox>,
}

/// Who an announcement to `reader` is from and to: the flags, else
/// `[announce.customers]` / `[announce.internal]` in milepost.toml. The
/// sender defaults to `Product <releases@site-host>`; recipients must be
/// named, so that `| sendmail -t` never sends to nobody in silence.
pub fn envelope(
    settings: Option<&crate::files::Settings>,
    reader: Reader,
    flags: (Option<&str>, &[String]),
    host: &str,
) -> Result<Envelope, EnvelopeError> {
    let configured = settings.map(|s| match reader {
        Reader::Customers => &s.announce.customers,
        Reader::Internal => &s.announce.internal,
    });
    let section = match reader {
        Reader::Customers => "customers",
        Reader::Internal => "internal",
    };
    let from = match flags.0.or(configured.and_then(|c| c.from.as_deref())) {
        Some(from) => Mailbox::parse(from)?,
        None => Mailbox {
            name: settings.map(|s| one_line(&s.product.name).into_owned()),
            address: format!("releases@{host}"),
        },
    };
    let to_texts: Vec<&String> = if flags.1.is_empty() {
        configured
            .map(|c| c.to.iter().collect())
            .unwrap_or_default()
    } else {
        flags.1.iter().collect()
    };
    if to_texts.is_empty() {
        return Err(EnvelopeError::NoRecipients(section));
    }
    let to = to_texts
        .into_iter()
        .map(|t| Mailbox::parse(t))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Envelope { from, to })
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EnvelopeError {
    #[error(
        "the e-mail has no recipients: set `to = [\"...\"]` under [announce.{0}] in milepost.toml, or pass --to ADDRESS"
    )]
    NoRecipients(&'static str),
    #[error(transparent)]
    BadAddress(#[from] BadAddress),
}

/// The host name of the public site, for the default sender and the
/// Message-ID; `localhost` when it has none that fits.
pub fn site_host(base_url: &str) -> String {
    let Some((_, after)) = base_url.split_once("://") else {
        return "localhost".to_string();
    };
    let host = after.split(['/', ':', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    if is_addr_spec(&format!("x@{host}")) {
        host.to_ascii_lowercase()
    } else {
        "localhost".to_string()
    }
}

/// A Message-ID that is a valid `msg-id` (dot-atom on both sides), short
/// enough for one header line, and the same for the same announcement at
/// the same time.
fn message_id(announcement: &Announcement, reader: Reader, now: Timestamp, host: &str) -> String {
    let audience = match reader {
        Reader::Customers => "customers",
        Reader::Internal => "internal",
    };
    // A version is dot-atom text already, but for `..`, which semver
    // forbids; anything else becomes `-`.
    let token: String = announcement
        .version
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let token = token.replace("..", ".");
    let token = token.trim_matches(['.', '-']);
    let token = if token.is_empty() { "release" } else { token };
    format!("milepost.{audience}.{token}.{}@{host}", now.as_second())
}

pub fn email(
    announcement: &Announcement,
    envelope: &Envelope,
    reader: Reader,
    now: Timestamp,
    host: &str,
) -> String {
    let html_body = markdown::render(
        &announcement.markdown,
        Placement {
            top_heading: 1,
            id_prefix: "",
        },
    );
    let subject = one_line(&announcement.subject);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n{html_body}</body>\n</html>\n",
        crate::site::render::escape_html(&subject)
    );
    let to: Vec<Address<'_>> = envelope.to.iter().map(Mailbox::header).collect();
    let message = MessageBuilder::new()
        .from(envelope.from.header())
        .to(Address::new_list(to))
        .subject(subject.as_ref())
        .date(now.as_second())
        .message_id(message_id(announcement, reader, now, host))
        .text_body(announcement.markdown.as_str())
        .html_body(html);
    // Writing into memory cannot fail; an empty message would be caught by
    // the reader, but there is none to catch.
    message.write_to_string().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailboxes_are_parsed_or_refused() {
        assert_eq!(
            Mailbox::parse("Acme Releases <releases@acme.example>"),
            Ok(Mailbox {
                name: Some("Acme Releases".into()),
                address: "releases@acme.example".into()
            })
        );
        assert_eq!(
            Mailbox::parse("team@acme.example").map(|m| m.name),
            Ok(None)
        );
        for bad in [
            "a@b.example>, evil@x.example",
            "a b@x.example",
            "x <a@b.example>\r\nBcc: evil@x.example",
            "Name\r\nBcc: e@x.example <a@b.example>",
            "a@b..example",
            "@b.example",
            "a@",
            "",
        ] {
            assert!(Mailbox::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_host_comes_from_the_site() {
        assert_eq!(
            site_host("https://releases.acme.example/notes/"),
            "releases.acme.example"
        );
        assert_eq!(site_host("https://user@[::1]:80/"), "localhost");
        assert_eq!(site_host("javascript:alert(1)"), "localhost");
    }
}
