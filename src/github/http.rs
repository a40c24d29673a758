//! The network edge: one POST to the GraphQL endpoint, its outcome sorted into what the
//! fetch does next (read the answer, stop, or warn and go on).

use std::time::Duration;

/// How a request ended.
#[derive(Debug)]
pub enum Reply {
    /// A 2xx answer; `exhausted` when GitHub says no request is left until its limit resets.
    Ok { body: String, exhausted: bool },
    /// 429, or 403 with `retry-after` or `x-ratelimit-remaining: 0`.
    RateLimited,
    /// 401 or another 403: the token is wrong or may not read this.
    Refused(u16),
    /// Any other status (5xx most likely).
    Server(u16),
    /// The time left for the fetch ran out on connect, send or read.
    TimedOut,
    /// No connection (offline, name not found, reset), or no readable HTTP.
    Unreachable(String),
}

/// One agent for the whole fetch, so its requests share one connection. Statuses are
/// answers to sort, not errors; no redirects, since a request carries the token.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("minutes/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// POSTs `body` (JSON) to `url` with the token, taking no longer than `left` in all.
pub fn post(agent: &ureq::Agent, url: &str, token: &str, body: &str, left: Duration) -> Reply {
    let sent = agent
        .post(url)
        .config()
        .timeout_global(Some(left))
        .build()
        .header("Authorization", format!("bearer {token}"))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .send(body);
    let mut response = match sent {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .map(str::to_owned)
    };
    let exhausted = header("x-ratelimit-remaining").as_deref() == Some("0");
    let retry_after = header("retry-after").is_some();
    match status {
        200..=299 => match response.body_mut().read_to_string() {
            Ok(body) => Reply::Ok { body, exhausted },
            Err(e) => failed(e),
        },
        429 => Reply::RateLimited,
        403 if exhausted || retry_after => Reply::RateLimited,
        401 | 403 => Reply::Refused(status),
        _ => Reply::Server(status),
    }
}

fn failed(e: ureq::Error) -> Reply {
    match e {
        ureq::Error::Timeout(_) => Reply::TimedOut,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Reply::TimedOut,
        e => Reply::Unreachable(e.to_string()),
    }
}
