//! `handbook.yaml`: the site's settings, their defaults, and command-line overrides.
//!
//! The file is optional. Unknown keys are errors naming the nearest valid key.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Rule};
use crate::layout::SiteLayout;
use crate::yaml::yaml_error;

/// Settings as written in `handbook.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's name, shown in the header and in titles.
    pub title: String,
    /// One line about the site, for the home page's meta description.
    pub description: String,
    /// Where the site is published, e.g. `https://example.com/handbook/`; its path is the
    /// prefix of every link the build writes.
    pub base_url: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Content folder, relative to the site root.
    pub content_dir: PathBuf,
    /// Output folder, relative to the site root.
    pub output_dir: PathBuf,
    /// Language of the pages (`<html lang>`).
    pub language: String,
    /// syntect themes used for the light and the dark code colours.
    pub highlight_theme: HighlightThemes,
    /// Repository for "edit this page" links.
    pub repository: Option<Repository>,
    /// Build drafts too.
    pub drafts: bool,
    /// Data folder, relative to the site root: YAML data sets, and their schemas in its
    /// `_schemas/` (Hugo sites and GitHub-style handbooks keep data in `data/`).
    pub data_dir: PathBuf,
    /// Folder of the Markdown files `{{< include "file.md" >}}` reads, relative to the site
    /// root (Hugo sites: `assets`). Content-relative includes (`path="..."`) need none.
    pub include_dir: Option<PathBuf>,
    /// How heading ids are made from heading text.
    pub heading_ids: HeadingIds,
    /// From this many top-level entries on (0: never), the navigation's top level is one
    /// script every page shares (`nav-top.js`, cached by the browser) instead of being
    /// repeated in each page; each page keeps its own entry, open along its path.
    pub shared_nav_from: usize,
    /// The data set the glossary comes from (its records: `term`, `expansion`,
    /// `definition`, `aliases`). Default: `glossary`, when its records have those fields.
    pub glossary: Option<String>,
    /// Link checking.
    pub links: LinksConfig,
    /// Severity by rule name (`broken-anchor: warning`, `unknown-shortcode: off`).
    pub severity: BTreeMap<String, Level>,
    /// Settings of `handbook check`.
    pub check: CheckConfig,
}

/// The rule heading ids follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    /// GitHub's and Hugo's: lower case, spaces to hyphens, punctuation dropped, letters of
    /// every script kept, runs of hyphens kept (`ARR & Topline` is `arr--topline`).
    #[default]
    Github,
    /// GitLab's: the same, with runs of hyphens collapsed into one.
    Gitlab,
}

/// What a rule's findings are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

/// Link checking settings.
#[derive(Debug, Clone, Default, Deserialize, Hash)]
#[serde(deny_unknown_fields, default)]
pub struct LinksConfig {
    /// Site path prefixes served by something else on the same host (another site): links
    /// to them are not checked, e.g. `/job-families/`.
    pub ignore: Vec<String>,
}

/// What `handbook check` enforces beyond what `build` validates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// A page whose `reviewed` date is older than this many months is reported.
    pub review_months: u32,
    /// Pages must name an `owner`.
    pub require_owner: bool,
    /// Images larger than this (KB) are reported.
    pub max_image_kb: u64,
    /// Other files larger than this (MB) are reported.
    pub max_file_mb: u64,
    /// External URLs matching one of these patterns (`*` matches anything) are not checked.
    pub skip_external: Vec<String>,
    /// Seconds before an external request gives up.
    pub external_timeout_secs: u64,
    /// External requests in flight at once (at most one per host).
    pub external_concurrency: usize,
    /// Retries of an external request after a timeout, connection error or 5xx.
    pub external_retries: u32,
    /// How long a successful external check is trusted from the cache file (hours).
    pub external_cache_hours: u64,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            review_months: 12,
            require_owner: true,
            max_image_kb: 500,
            max_file_mb: 15,
            skip_external: Vec::new(),
            external_timeout_secs: 10,
            external_concurrency: 8,
            external_retries: 2,
            external_cache_hours: 24,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HighlightThemes {
    pub light: String,
    pub dark: String,
}

impl Default for HighlightThemes {
    fn default() -> Self {
        HighlightThemes {
            light: "InspiredGitHub".into(),
            dark: "base16-ocean.dark".into(),
        }
    }
}

/// Where the site's source lives, for edit links:
/// `{url}/-/edit/{branch}/{path}` (GitLab) or `{url}/edit/{branch}/{path}` (GitHub).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    pub url: String,
    #[serde(default = "default_branch")]
    pub branch: String,
    /// Path of the site root inside the repository, if it is not the repository's root.
    #[serde(default)]
    pub path: String,
}

fn default_branch() -> String {
    "main".into()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Handbook".into(),
            description: String::new(),
            base_url: "/".into(),
            theme: "default".into(),
            content_dir: "content".into(),
            output_dir: "public".into(),
            language: "en".into(),
            highlight_theme: HighlightThemes::default(),
            repository: None,
            drafts: false,
            data_dir: "content/_data".into(),
            include_dir: None,
            heading_ids: HeadingIds::default(),
            shared_nav_from: 64,
            glossary: None,
            links: LinksConfig::default(),
            severity: BTreeMap::new(),
            check: CheckConfig::default(),
        }
    }
}

/// Command-line overrides of the config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

impl Config {
    /// Reads the config file of `layout` (`handbook.yaml`, or the `--config` file) and
    /// applies the command line's overrides.
    pub fn load(layout: &SiteLayout, overrides: &Overrides) -> Result<Config, Diagnostic> {
        let path = layout.config_path();
        let display = layout.config_file.clone();
        let mut config = match std::fs::read_to_string(&path) {
            Ok(text) if text.trim().is_empty() => Config::default(),
            Ok(text) => serde_yaml::from_str::<Config>(&text)
                .map_err(|e| yaml_error(&display, &e, 0, Rule::Config))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !layout.config_required => {
                Config::default()
            }
            Err(e) => {
                return Err(Diagnostic::error(
                    &display,
                    Rule::Config,
                    format!("cannot read the config file: {e}"),
                )
                .with_hint("check the path given to --config"))
            }
        };
        if let Some(out) = &overrides.output_dir {
            config.output_dir = out.clone();
        }
        if let Some(url) = &overrides.base_url {
            config.base_url = url.clone();
        }
        config.drafts |= overrides.drafts;
        if let Err((key, message, hint)) = config.check_severity() {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let pos = crate::yaml::locate(&text, 0)
                .map(|l| {
                    l.find(&[
                        crate::yaml::PathSeg::Key("severity".into()),
                        crate::yaml::PathSeg::Key(key),
                    ])
                })
                .unwrap_or_default();
            return Err(Diagnostic::error(&display, Rule::Config, message)
                .at(pos)
                .with_hint(hint));
        }
        if let Err(msg) = validate_base_url(&config.base_url) {
            return Err(Diagnostic::error(&display, Rule::Config, msg).with_hint(
                "use an absolute URL such as https://example.com/handbook/ or a path such as /handbook/",
            ));
        }
        Ok(config)
    }

    /// The `severity:` settings by rule (names that are no rule are left out: `load`
    /// reports them).
    pub fn severities(&self) -> Severities {
        Severities(
            self.severity
                .iter()
                .filter_map(|(name, &level)| Some((Rule::from_name(name)?, level)))
                .collect(),
        )
    }

    /// Checks the `severity:` settings: each names a rule, and only rules the build can
    /// do without are made warnings or turned off. Returns (setting, message, hint).
    fn check_severity(&self) -> Result<(), (String, String, String)> {
        for (name, &level) in &self.severity {
            let Some(rule) = Rule::from_name(name) else {
                let names = || Rule::ALL.iter().map(|r| r.name());
                let hint = match crate::diagnostics::nearest(name, names()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("rules: {}", names().collect::<Vec<_>>().join(", ")),
                };
                return Err((
                    name.clone(),
                    format!("severity: `{name}` is not a rule"),
                    hint,
                ));
            };
            let what = match level {
                Level::Error => continue,
                Level::Warning => "a warning",
                Level::Off => "turned off",
            };
            if !rule.can_relax() {
                return Err((
                    name.clone(),
                    format!("severity: `{name}` cannot be {what}: the build cannot write what it could not read or render"),
                    "fix the problem instead; findings about content (links, anchors, shortcodes, data, front matter) can be relaxed".into(),
                ));
            }
        }
        Ok(())
    }

    /// The path every site URL starts with: `/` or `/handbook/`.
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let path = match url.find("://") {
            Some(i) => match url[i + 3..].find('/') {
                Some(j) => &url[i + 3 + j..],
                None => "/",
            },
            None => url,
        };
        let path = path.trim_matches('/');
        if path.is_empty() {
            "/".into()
        } else {
            format!("/{path}/")
        }
    }

    /// The scheme and host of base_url (`https://example.com`), empty when base_url is a path.
    pub fn origin(&self) -> String {
        let url = self.base_url.trim();
        match url.find("://") {
            Some(i) => match url[i + 3..].find('/') {
                Some(j) => url[..i + 3 + j].to_string(),
                None => url.to_string(),
            },
            None => String::new(),
        }
    }

    /// An "edit" URL for a file given by its path relative to the site root.
    pub fn edit_url(&self, rel_path: &str) -> Option<String> {
        let repo = self.repository.as_ref()?;
        let base = repo.url.trim_end_matches('/');
        let prefix = repo.path.trim_matches('/');
        let path = if prefix.is_empty() {
            rel_path.to_string()
        } else {
            format!("{prefix}/{rel_path}")
        };
        let sep = if base.contains("github.com") {
            "/edit/"
        } else {
            "/-/edit/"
        };
        Some(format!("{base}{sep}{}/{path}", repo.branch))
    }
}

fn validate_base_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("base_url is empty".into());
    }
    if url.contains(char::is_whitespace) || url.contains(['"', '<', '>', '\\']) {
        return Err(format!(
            "base_url `{url}` contains characters a URL cannot hold"
        ));
    }
    if let Some(i) = url.find("://") {
        let scheme = &url[..i];
        if scheme != "http" && scheme != "https" {
            return Err(format!("base_url `{url}` must use http or https"));
        }
    } else if !url.starts_with('/') {
        return Err(format!(
            "base_url `{url}` is neither an absolute URL nor a path starting with /"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_base(url: &str) -> Config {
        Config {
            base_url: url.into(),
            ..Config::default()
        }
    }

    #[test]
    fn base_path_from_base_url() {
        assert_eq!(with_base("https://example.com").base_path(), "/");
        assert_eq!(with_base("https://example.com/").base_path(), "/");
        assert_eq!(
            with_base("https://example.com/handbook").base_path(),
            "/handbook/"
        );
        assert_eq!(with_base("/a/b/").base_path(), "/a/b/");
        assert_eq!(
            with_base("https://example.com/handbook/").origin(),
            "https://example.com"
        );
    }

    #[test]
    fn edit_urls_for_gitlab_and_github() {
        let mut c = Config {
            repository: Some(Repository {
                url: "https://gitlab.com/acme/handbook".into(),
                branch: "main".into(),
                path: String::new(),
            }),
            ..Config::default()
        };
        assert_eq!(
            c.edit_url("content/a.md").unwrap(),
            "https://gitlab.com/acme/handbook/-/edit/main/content/a.md"
        );
        c.repository.as_mut().unwrap().url = "https://github.com/acme/hb/".into();
        assert_eq!(
            c.edit_url("content/a.md").unwrap(),
            "https://github.com/acme/hb/edit/main/content/a.md"
        );
    }
}

/// The `severity:` settings: each listed rule's findings made errors, warnings or dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Severities(BTreeMap<Rule, Level>);

impl Severities {
    /// Applies the settings to `diags` (dropping what is off).
    pub fn apply(&self, diags: &mut Vec<Diagnostic>) {
        if self.0.is_empty() {
            return;
        }
        diags.retain_mut(|d| match self.0.get(&d.rule) {
            Some(Level::Off) => false,
            Some(Level::Warning) => {
                d.severity = crate::diagnostics::Severity::Warning;
                true
            }
            Some(Level::Error) => {
                d.severity = crate::diagnostics::Severity::Error;
                true
            }
            None => true,
        });
    }
}
