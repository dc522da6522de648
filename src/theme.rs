//! Theme resolution: which template and static file wins.
//!
//! Layers, later wins file by file: the default theme built into the binary (so a folder
//! with only `content/` builds), `themes/<name>/` on disk, then the site's own
//! `templates/` and `static/`. Knows nothing of rendering.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Rule};
use crate::layout::SiteLayout;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme's files, relative to the theme folder.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/page.html",
    "templates/section.html",
    "templates/index.html",
    "templates/404.html",
    "templates/redirect.html",
    "templates/print.html",
    "templates/search.html",
    "templates/macros/nav.html",
    "templates/nav-top.html",
    "templates/shortcodes/table.html",
    "templates/shortcodes/cards.html",
    "templates/shortcodes/record.html",
    "templates/shortcodes/field.html",
    "templates/shortcodes/glossary.html",
    "templates/shortcodes/alert.html",
    "templates/shortcodes/note.html",
    "templates/shortcodes/details.html",
    "templates/shortcodes/youtube.html",
    "templates/shortcodes/vimeo.html",
    "templates/shortcodes/label.html",
    "templates/shortcodes/panel.html",
    "templates/shortcodes/card.html",
    "templates/shortcodes/cardpane.html",
    "templates/shortcodes/figure.html",
    "static/handbook.css",
    "static/handbook.js",
    "static/search.js",
];

/// Where a theme file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSource {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

impl FileSource {
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            FileSource::Embedded(b) => Ok(b.to_vec()),
            FileSource::Disk(p) => std::fs::read(p),
        }
    }
}

/// One resolved file and the path an author sees in messages.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub source: FileSource,
    pub display: PathBuf,
}

/// The resolved theme: templates by name (`page.html`, `shortcodes/table.html`) and
/// static files by output path.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, ThemeFile>,
    pub statics: BTreeMap<String, ThemeFile>,
}

/// The theme of `layout`: the built-in default, then `themes/<name>/`, then the site's own
/// `templates/` and `static/`.
pub fn resolve_theme(layout: &SiteLayout) -> Result<Theme, Diagnostic> {
    let mut t = Theme::default();
    for (path, bytes) in DEFAULT_THEME {
        let file = ThemeFile {
            source: FileSource::Embedded(bytes),
            display: PathBuf::from(format!("(built-in theme)/{path}")),
        };
        if let Some(name) = path.strip_prefix("templates/") {
            t.templates.insert(name.to_string(), file);
        } else if let Some(name) = path.strip_prefix("static/") {
            t.statics.insert(name.to_string(), file);
        }
    }
    let theme = &layout.theme;
    if !layout.root.join(layout.theme_dir()).is_dir() && theme != "default" {
        return Err(Diagnostic::error(
            &layout.config_file,
            Rule::Config,
            format!("theme `{theme}` not found: there is no folder themes/{theme}/"),
        )
        .with_hint("remove `theme` to use the built-in theme, or create the folder"));
    }
    for dir in layout.template_dirs() {
        overlay(&mut t.templates, &dir, &layout.root);
    }
    for dir in layout.static_dirs() {
        overlay(&mut t.statics, &dir, &layout.root);
    }
    Ok(t)
}

fn overlay(map: &mut BTreeMap<String, ThemeFile>, dir: &Path, root: &Path) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if name.split('/').any(|c| c.starts_with('.')) {
            continue;
        }
        map.insert(
            name,
            ThemeFile {
                source: FileSource::Disk(entry.path().to_path_buf()),
                display: entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .to_path_buf(),
            },
        );
    }
}
