//! One HTTP request per probe, wrapped here so that the rest of milepost
//! knows nothing of the client. Redirects are followed by hand, and only on
//! the same scheme, host and port: the probe's headers may carry a token, and
//! a redirect elsewhere must not receive it.

use std::time::{Duration, Instant};

use ureq::http::{StatusCode, Uri};

use super::spec::Probe;

/// The largest answer read; a version endpoint answers in a few bytes.
pub const MAX_ANSWER: u64 = 64 * 1024;
/// Same-host redirects followed before giving up.
const MAX_REDIRECTS: usize = 5;
/// Reasons quote error texts of the network and TLS layers, which may carry
/// text a server chose (names in a certificate); they stay short.
const MAX_REASON_LEN: usize = 300;

/// Asks probes; one per run, shared by the threads that ask in parallel.
pub struct Asker {
    agent: ureq::Agent,
}

impl Default for Asker {
    fn default() -> Self {
        Self::new()
    }
}

impl Asker {
    pub fn new() -> Asker {
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .max_redirects_will_error(false)
            .http_status_as_error(false)
            .user_agent(concat!("milepost/", env!("CARGO_PKG_VERSION")))
            .build();
        Asker {
            agent: config.new_agent(),
        }
    }

    /// The answer's body, or why there is none. `variable` reads the
    /// environment variables that hold header values.
    pub fn ask(
        &self,
        probe: &Probe,
        timeout: Duration,
        variable: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Vec<u8>, String> {
        let headers = header_values(probe, variable)?;
        let deadline = Instant::now() + timeout;
        let mut uri: Uri = probe
            .url
            .parse()
            .map_err(|_| "the probe's address cannot be read".to_string())?;
        let origin = Origin::of(&uri).ok_or("the probe's address names no host")?;
        for _ in 0..=MAX_REDIRECTS {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(timed_out(timeout));
            }
            let mut request = self
                .agent
                .get(uri.clone())
                .config()
                .timeout_global(Some(remaining))
                .build();
            for (name, value) in &headers {
                request = request.header(name.as_str(), value.as_str());
            }
            let mut response = request.call().map_err(|err| reason(&err, timeout))?;
            let status = response.status();
            if status.is_redirection() {
                let next = redirect_target(&uri, response.headers())?;
                if Origin::of(&next).as_ref() != Some(&origin) {
                    let to =
                        Origin::of(&next).map_or_else(|| "elsewhere".to_string(), |o| o.shown());
                    return Err(short(format!(
                        "redirected to another host ({to}); a probe follows redirects only on its own host"
                    )));
                }
                uri = next;
                continue;
            }
            if !status.is_success() {
                return Err(http_status(status));
            }
            return response
                .body_mut()
                .with_config()
                .limit(MAX_ANSWER)
                .read_to_vec()
                .map_err(|err| reason(&err, timeout));
        }
        Err(format!("more than {MAX_REDIRECTS} redirects"))
    }
}

/// The headers with their values from the environment; a value is never
/// quoted back, since it is a secret.
fn header_values(
    probe: &Probe,
    variable: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<(String, String)>, String> {
    probe
        .headers
        .iter()
        .map(|(name, var)| {
            let value =
                variable(var).ok_or_else(|| format!("environment variable {var} is not set"))?;
            let sendable = value
                .chars()
                .all(|c| c == '\t' || (!c.is_control() && c.is_ascii()));
            if !sendable {
                return Err(format!(
                    "environment variable {var} cannot be sent in a header (it has line breaks, control or non-ASCII characters)"
                ));
            }
            Ok((name.clone(), value))
        })
        .collect()
}

/// Scheme, host and port: what a redirect must keep to be followed.
#[derive(Debug, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    fn of(uri: &Uri) -> Option<Origin> {
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let authority = uri.authority()?;
        if authority.as_str().contains('@') {
            return None;
        }
        Some(Origin {
            host: authority.host().to_ascii_lowercase(),
            port: authority.port_u16().unwrap_or(default_port),
            scheme,
        })
    }

    fn shown(&self) -> String {
        format!("{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// Where a redirect points, resolved against the address that answered.
fn redirect_target(base: &Uri, headers: &ureq::http::HeaderMap) -> Result<Uri, String> {
    let location = headers
        .get(ureq::http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or("a redirect without a readable Location")?;
    let unreadable = || "a redirect to an address that cannot be read".to_string();
    if location.contains("://") {
        return location.parse().map_err(|_| unreadable());
    }
    let scheme = base.scheme_str().unwrap_or("http");
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{scheme}://{rest}")
            .parse()
            .map_err(|_| unreadable());
    }
    let authority = base.authority().map(|a| a.as_str()).unwrap_or("");
    let path = if location.starts_with('/') {
        location.to_string()
    } else {
        let base_path = base.path();
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{}{location}", if dir.is_empty() { "/" } else { dir })
    };
    format!("{scheme}://{authority}{path}")
        .parse()
        .map_err(|_| unreadable())
}

fn http_status(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

fn timed_out(timeout: Duration) -> String {
    format!(
        "timeout: no whole answer within {}",
        shown_duration(timeout)
    )
}

fn shown_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

fn reason(err: &ureq::Error, timeout: Duration) -> String {
    use ureq::Error;
    let text = match err {
        Error::Timeout(_) => return timed_out(timeout),
        Error::BodyExceedsLimit(_) => {
            return format!("answer too large: more than {} KiB", MAX_ANSWER / 1024);
        }
        Error::HostNotFound => "host not found".to_string(),
        Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused".to_string()
        }
        Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => return timed_out(timeout),
        // rustls reports a failed handshake through the stream as invalid data.
        Error::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => format!("TLS: {io}"),
        Error::Io(io) => format!("connection failed: {io}"),
        Error::ConnectionFailed => "connection failed".to_string(),
        Error::Tls(message) => format!("TLS: {message}"),
        Error::Rustls(err) => format!("TLS: {err}"),
        Error::Protocol(err) => format!("not an HTTP answer: {err}"),
        Error::LargeResponseHeader(..) => "answer too large: its headers".to_string(),
        Error::BadUri(_) => "the address cannot be asked".to_string(),
        other => other.to_string(),
    };
    short(text)
}

/// One line, without control characters, at most [`MAX_REASON_LEN`] characters.
fn short(text: String) -> String {
    let line: String = text
        .chars()
        .map(|c| if crate::text::is_control(c) { ' ' } else { c })
        .collect();
    if line.chars().count() <= MAX_REASON_LEN {
        return line;
    }
    let mut cut: String = line.chars().take(MAX_REASON_LEN).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap()
    }

    fn location(base: &str, to: &str) -> Result<Uri, String> {
        let mut headers = ureq::http::HeaderMap::new();
        headers.insert(ureq::http::header::LOCATION, to.parse().unwrap());
        redirect_target(&uri(base), &headers)
    }

    #[test]
    fn redirects_resolve_against_the_address_that_answered() {
        let base = "http://127.0.0.1:8631/api/version";
        assert_eq!(
            location(base, "/v2").unwrap().to_string(),
            "http://127.0.0.1:8631/v2"
        );
        assert_eq!(
            location(base, "v2").unwrap().to_string(),
            "http://127.0.0.1:8631/api/v2"
        );
        assert_eq!(
            location(base, "//evil.example/x").unwrap().to_string(),
            "http://evil.example/x"
        );
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let o = |t: &str| Origin::of(&uri(t));
        assert_eq!(o("http://A.example/x"), o("http://a.example:80/y"));
        assert_ne!(o("http://a.example/"), o("https://a.example/"));
        assert_ne!(o("http://a.example/"), o("http://a.example:8080/"));
        assert_eq!(o("http://user@a.example/"), None);
    }

    #[test]
    fn reasons_stay_one_short_line() {
        let text = short(format!("a\r\nb{}", "x".repeat(1000)));
        assert!(!text.contains('\n'));
        assert_eq!(text.chars().count(), MAX_REASON_LEN + 1);
    }
}
