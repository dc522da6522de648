//! Helpers of the generic shortcodes' templates: videos embedded without a request to
//! the video host until the reader asks (`video`), and colors from arguments made safe
//! for a `style` attribute (`css_color`, `text_on`).

use serde::Serialize;

use crate::markdown::highlight::escape_html;
use tera::{Kwargs, State, Tera, Value};

/// A video as templates embed it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Video {
    pub id: String,
    /// Seconds from the start, 0 for the beginning.
    pub start: u32,
    /// The player, started on load: the frame navigates to it when the reader clicks.
    pub player: String,
    /// The video's page on its host, for readers without frames.
    pub watch: String,
    /// What the frame shows until then: a play button linking to the player (HTML for
    /// the frame's `srcdoc`; nothing is loaded from the host before the click).
    pub srcdoc: String,
}

/// A YouTube or Vimeo video from how authors write it: an id, `id?start=90`, `id?t=1m30s`,
/// or a watch/share URL; `start` overrides the start written in the id.
pub fn video(host: &str, written: &str, start: Option<u32>, title: &str) -> Option<Video> {
    let written = written.trim();
    let (path, query) = written.split_once('?').unwrap_or((written, ""));
    let mut id = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .to_string();
    let mut from_query = 0;
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "v" => id = v.to_string(),
            "start" | "t" => from_query = seconds(v),
            _ => {}
        }
    }
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let start = start.unwrap_or(from_query);
    let (player, watch) = match host {
        "vimeo" => (
            format!("https://player.vimeo.com/video/{id}?autoplay=1&dnt=1#t={start}s"),
            format!("https://vimeo.com/{id}#t={start}s"),
        ),
        _ => (
            format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1&start={start}"),
            format!("https://www.youtube.com/watch?v={id}&t={start}s"),
        ),
    };
    let srcdoc = format!(
        "<style>html,body{{height:100%;margin:0}}a{{display:flex;height:100%;align-items:center;justify-content:center;gap:.6em;background:#111;color:#fff;font:600 1.05rem system-ui,sans-serif;text-decoration:none}}a span{{font-size:2.4em;line-height:1}}a:focus-visible{{outline:3px solid #fff;outline-offset:-6px}}</style><a href=\"{}\"><span aria-hidden=\"true\">&#9654;</span>Play: {}</a>",
        escape_html(&player),
        escape_html(title)
    );
    Some(Video {
        id,
        start,
        player,
        watch,
        srcdoc,
    })
}

/// `90`, `90s`, `1m30s`, `1h2m3s` in seconds.
fn seconds(v: &str) -> u32 {
    let mut total = 0;
    let mut n = 0u32;
    for c in v.chars() {
        match c {
            '0'..='9' => n = n.saturating_mul(10).saturating_add(c as u32 - '0' as u32),
            'h' => (total, n) = (total + n * 3600, 0),
            'm' => (total, n) = (total + n * 60, 0),
            's' => (total, n) = (total + n, 0),
            _ => return 0,
        }
    }
    total + n
}

/// The color if it is one CSS reads safely (`#rgb`, `#rrggbb`, with alpha, or a named
/// color), else nothing: an argument must not write other CSS into a style attribute.
pub fn css_color(v: &str) -> String {
    let v = v.trim();
    let hex = v.strip_prefix('#').is_some_and(|h| {
        matches!(h.len(), 3 | 4 | 6 | 8) && h.chars().all(|c| c.is_ascii_hexdigit())
    });
    let named = (3..=20).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphabetic());
    if hex || named {
        v.to_string()
    } else {
        String::new()
    }
}

/// Black or white, whichever reads better on `background` (a hex color; white for
/// anything else), by WCAG relative luminance.
pub fn text_on(background: &str) -> &'static str {
    let Some(h) = background
        .trim()
        .strip_prefix('#')
        .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
    else {
        return "#fff";
    };
    let full: String = match h.len() {
        3 | 4 => h.chars().take(3).flat_map(|c| [c, c]).collect(),
        6 | 8 => h[..6].to_string(),
        _ => return "#fff",
    };
    let channel = |i: usize| {
        let c = u8::from_str_radix(&full[i..i + 2], 16).unwrap_or(0) as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // Contrast with white (1.05 / (l + 0.05)) against black ((l + 0.05) / 0.05).
    if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 {
        "#fff"
    } else {
        "#1f2328"
    }
}

pub(super) fn register(tera: &mut Tera) {
    tera.register_function("video", |kwargs: Kwargs, _: &State| {
        let host = kwargs.get::<&str>("host")?.unwrap_or("youtube");
        let id = kwargs.must_get::<&str>("id")?;
        let start = kwargs
            .get::<Value>("start")?
            .and_then(|v| v.to_string().trim_matches('"').parse::<u32>().ok());
        let title = kwargs.get::<&str>("title")?.unwrap_or("video");
        video(host, id, start, title)
            .map(|v| Value::from_serializable(&v))
            .ok_or_else(|| tera::Error::message(format!("`{id}` is not a {host} video id")))
    });
    tera.register_filter("css_color", |v: &str, _: Kwargs, _: &State| css_color(v));
    tera.register_filter("text_on", |v: &str, _: Kwargs, _: &State| text_on(v));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn videos_as_written() {
        let v = video("youtube", "dQw4w9WgXcQ?start=120", None, "t").unwrap();
        assert_eq!(v.id, "dQw4w9WgXcQ");
        assert_eq!(v.start, 120);
        assert_eq!(
            v.player,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=120"
        );
        let v = video(
            "youtube",
            "https://www.youtube.com/watch?v=abc_-1&t=1m30s",
            None,
            "t",
        )
        .unwrap();
        assert_eq!((v.id.as_str(), v.start), ("abc_-1", 90));
        assert_eq!(
            video("youtube", "https://youtu.be/xyz", Some(5), "t")
                .unwrap()
                .start,
            5
        );
        assert_eq!(
            video("vimeo", "123456", None, "t").unwrap().watch,
            "https://vimeo.com/123456#t=0s"
        );
        assert!(video("youtube", "\"><script>", None, "t").is_none());
        // A title cannot write HTML into the frame's document.
        let v = video("youtube", "abc", None, "<img src=x onerror=alert(1)>").unwrap();
        assert!(v.srcdoc.contains("Play: &lt;img"), "{}", v.srcdoc);
    }

    #[test]
    fn colors_are_safe_and_readable() {
        assert_eq!(css_color("#428BCA"), "#428BCA");
        assert_eq!(css_color("red"), "red");
        assert_eq!(css_color("red; background: url(x)"), "");
        assert_eq!(text_on("#6e49cb"), "#fff");
        assert_eq!(text_on("#428BCA"), "#1f2328");
        assert_eq!(text_on("#ffecdb"), "#1f2328");
        assert_eq!(text_on("#fff"), "#1f2328");
        assert_eq!(text_on("navy"), "#fff");
    }
}
