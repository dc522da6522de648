//! External links, checked only on request (`check --external`): concurrently across
//! hosts, one request at a time per host, with a timeout, retries with backoff, URL
//! patterns to skip, and a cache file so that repeated CI runs do not hit the same sites.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::config::CheckConfig;
use crate::diagnostics::{Diagnostic, Position, Rule};

/// An external link and where it was written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    pub url: String,
    pub file: PathBuf,
    pub pos: Position,
}

/// What a URL answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Ok,
    /// 301/308: the link works but should be updated.
    MovedPermanently(String),
    /// A status that means the page is gone or broken (404, 410, 500 after retries...).
    Status(u16),
    /// No answer: timeout, refused, DNS.
    Unreachable(String),
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    entries: BTreeMap<String, CacheEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheEntry {
    outcome: Outcome,
    checked: u64,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `*` matches any run of characters; everything else literally.
pub fn pattern_matches(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(j) => rest = &rest[j + part.len()..],
                None => return false,
            }
        }
    }
    true
}

fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|r| r.split(['/', '?', '#']).next())
        .unwrap_or("")
        .to_lowercase()
}

/// Checks every external link; returns findings located where each link was written.
pub fn check_external(
    links: &[ExternalLink],
    cfg: &CheckConfig,
    cache_file: Option<&Path>,
) -> Vec<Diagnostic> {
    let mut cache: Cache = cache_file
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let now = now_secs();
    let fresh = cfg.external_cache_hours * 3600;

    // Unique URLs to fetch, grouped by host.
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut results: BTreeMap<String, Outcome> = BTreeMap::new();
    for link in links {
        let url = link.url.split('#').next().unwrap_or(&link.url).to_string();
        if !(url.starts_with("http://") || url.starts_with("https://"))
            || cfg.skip_external.iter().any(|p| pattern_matches(p, &url))
            || results.contains_key(&url)
        {
            continue;
        }
        if let Some(e) = cache.entries.get(&url) {
            if e.outcome == Outcome::Ok && now.saturating_sub(e.checked) < fresh {
                results.insert(url, Outcome::Ok);
                continue;
            }
        }
        let list = by_host.entry(host_of(&url)).or_default();
        if !list.contains(&url) {
            list.push(url);
        }
    }

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(cfg.external_timeout_secs.max(1))))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent("handbook-link-checker")
        .build()
        .into();
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let found = Mutex::new(Vec::<(String, Outcome)>::new());
    let workers = cfg.external_concurrency.max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(urls) = queue.lock().ok().and_then(|mut q| q.pop()) {
                    for url in urls {
                        let outcome = check_url(&agent, &url, cfg.external_retries);
                        if let Ok(mut f) = found.lock() {
                            f.push((url, outcome));
                        }
                    }
                }
            });
        }
    });
    for (url, outcome) in found.into_inner().unwrap_or_default() {
        cache.entries.insert(
            url.clone(),
            CacheEntry {
                outcome: outcome.clone(),
                checked: now,
            },
        );
        results.insert(url, outcome);
    }
    if let Some(p) = cache_file {
        if let Ok(text) = serde_json::to_string_pretty(&cache) {
            let _ = std::fs::write(p, text);
        }
    }

    let mut diags = Vec::new();
    for link in links {
        let url = link.url.split('#').next().unwrap_or(&link.url);
        let Some(outcome) = results.get(url) else {
            continue;
        };
        let d = match outcome {
            Outcome::Ok => continue,
            Outcome::MovedPermanently(to) => Diagnostic::warning(
                &link.file,
                Rule::ExternalRedirect,
                format!("`{}` has moved permanently to `{to}`", link.url),
            )
            .with_hint("update the link to the new address"),
            Outcome::Status(code) if *code == 404 || *code == 410 => Diagnostic::error(
                &link.file,
                Rule::ExternalLink,
                format!("`{}` answers {code}: the page is gone", link.url),
            )
            .with_hint("find the page's new address or remove the link"),
            Outcome::Status(code) => Diagnostic::warning(
                &link.file,
                Rule::ExternalLink,
                format!("`{}` answers {code}", link.url),
            )
            .with_hint(
                "the site may be down; check the link by hand or skip it in check.skip_external",
            ),
            Outcome::Unreachable(why) => Diagnostic::warning(
                &link.file,
                Rule::ExternalLink,
                format!("`{}` did not answer: {why}", link.url),
            )
            .with_hint(
                "the site may be down; check the link by hand or skip it in check.skip_external",
            ),
        };
        diags.push(d.at(link.pos));
    }
    diags
}

fn check_url(agent: &ureq::Agent, url: &str, retries: u32) -> Outcome {
    let mut current = url.to_string();
    let mut moved: Option<String> = None;
    for _hop in 0..5 {
        let mut attempt = 0;
        let outcome = loop {
            let res = agent.get(&current).call();
            let retry = match &res {
                Ok(r) => r.status().as_u16() >= 500 || r.status().as_u16() == 429,
                Err(_) => true,
            };
            if retry && attempt < retries {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(200 * u64::from(attempt)));
                continue;
            }
            break res;
        };
        match outcome {
            Ok(resp) => {
                let status = resp.status().as_u16();
                if (300..400).contains(&status) {
                    let Some(loc) = resp.headers().get("location").and_then(|v| v.to_str().ok())
                    else {
                        return Outcome::Status(status);
                    };
                    let next = absolute(&current, loc);
                    if (status == 301 || status == 308) && moved.is_none() {
                        moved = Some(next.clone());
                    }
                    current = next;
                    continue;
                }
                if (200..300).contains(&status) {
                    return match moved {
                        Some(to) => Outcome::MovedPermanently(to),
                        None => Outcome::Ok,
                    };
                }
                return Outcome::Status(status);
            }
            Err(ureq::Error::Timeout(_)) => return Outcome::Unreachable("timed out".into()),
            Err(e) => return Outcome::Unreachable(e.to_string()),
        }
    }
    Outcome::Unreachable("too many redirects".into())
}

fn absolute(base: &str, loc: &str) -> String {
    if loc.contains("://") {
        return loc.to_string();
    }
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    if loc.starts_with('/') {
        format!("{}{loc}", &base[..host_end])
    } else {
        let dir_end = base
            .rfind('/')
            .filter(|&i| i >= host_end)
            .unwrap_or(host_end);
        format!("{}/{loc}", &base[..dir_end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(pattern_matches(
            "https://internal.example.com/*",
            "https://internal.example.com/a"
        ));
        assert!(pattern_matches("*.pdf", "https://x.y/a.pdf"));
        assert!(pattern_matches(
            "https://*/private/*",
            "https://a.b/private/x"
        ));
        assert!(!pattern_matches("https://a.b/*", "https://c.d/x"));
        assert!(pattern_matches("https://a.b/x", "https://a.b/x"));
    }

    #[test]
    fn redirect_targets() {
        assert_eq!(absolute("http://h:1/a/b", "/c"), "http://h:1/c");
        assert_eq!(absolute("http://h:1/a/b", "c"), "http://h:1/a/c");
        assert_eq!(absolute("http://h:1/a", "https://x/y"), "https://x/y");
        assert_eq!(host_of("https://Example.com:8080/a?b"), "example.com:8080");
    }
}
