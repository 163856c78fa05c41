//! `--format jsonl`: one JSON object a line, streamed as found, for fleets
//! and pipelines: `{"type": "finding", …}`, `{"type": "error", …}`, and last
//! `{"type": "summary", …}`; `hiss sweep` opens with a `{"type": "host", …}`
//! line saying which machine, user and rules the stream comes from.

use super::{Finding, ScanError, Summary};
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

fn line<T: Serialize>(kind: &'static str, body: &T) -> String {
    let mut s = serde_json::to_string(&Line { kind, body }).expect("a report line serialises");
    s.push('\n');
    s
}

pub fn finding(f: &Finding) -> String {
    line("finding", f)
}

pub fn error(e: &ScanError) -> String {
    line("error", e)
}

pub fn summary(s: &Summary) -> String {
    line("summary", s)
}

pub fn host(h: &Host) -> String {
    line("host", h)
}

/// The machine a sweep ran on (CONTRACT.md's host line, and `arch` and
/// `os_version` besides).
#[derive(Debug, Clone, Serialize)]
pub struct Host {
    pub hostname: String,
    pub os: String,
    pub os_version: String,
    pub arch: String,
    pub user: String,
    /// RFC 3339, UTC.
    pub started: String,
    pub hiss_version: String,
    pub rules_version: String,
}

impl Host {
    pub fn current(rules_version: &str) -> Host {
        Host {
            hostname: hostname(),
            os: std::env::consts::OS.to_string(),
            os_version: os_version(),
            arch: std::env::consts::ARCH.to_string(),
            user: user(),
            started: rfc3339(std::time::SystemTime::now()),
            hiss_version: env!("CARGO_PKG_VERSION").to_string(),
            rules_version: rules_version.to_string(),
        }
    }
}

fn hostname() -> String {
    for file in ["/proc/sys/kernel/hostname", "/etc/hostname"] {
        if let Ok(s) = std::fs::read_to_string(file)
            && !s.trim().is_empty()
        {
            return s.trim().to_string();
        }
    }
    ["HOSTNAME", "COMPUTERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok())
        .unwrap_or_default()
}

/// The user running the sweep: the environment's word, else the owner of
/// this process looked up in `/etc/passwd` (cron and agents set no USER).
fn user() -> String {
    if let Some(u) = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    {
        return u;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(meta) = std::fs::metadata("/proc/self") {
            let uid = meta.uid().to_string();
            let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
            for line in passwd.lines() {
                let f: Vec<&str> = line.split(':').collect();
                if f.get(2) == Some(&uid.as_str()) {
                    return f[0].to_string();
                }
            }
            return format!("uid {uid}");
        }
    }
    String::new()
}

/// `PRETTY_NAME` of `/etc/os-release`, where there is one.
fn os_version() -> String {
    let text = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_default()
}

/// `2026-11-23T01:02:03Z`.
pub fn rfc3339(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339(UNIX_EPOCH + Duration::from_secs(1_795_395_723)),
            "2026-11-23T01:02:03Z"
        );
        assert_eq!(
            rfc3339(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00Z"
        );
    }
}
