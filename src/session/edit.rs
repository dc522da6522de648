//! The short path for edits to pages' bodies: when no page's front matter, anchors or
//! title id changed, the structure, the navigation and every other page are as they were,
//! so only the edited pages are resolved and rendered again. A changed title (or
//! description) of one page is taken here too: it changes only what shows that title.

use std::collections::BTreeSet;

use super::{LastBuild, Rebuilt, State};
use crate::build::site_files::{SiteFiles, NAV_TOP_FILE, NOT_FOUND};
use crate::build::{stages, Builder};
use crate::content::{ContentTree, Page, PageId, SectionId};
use crate::diagnostics::{sort_diagnostics, Diagnostic};
use crate::output::Output;
use crate::resolve;
use crate::site::ReadingOrder;

/// What a retitled page shows its title in, besides itself.
#[derive(Default)]
struct Retitled {
    /// Pages whose navigation, previous or next link shows it.
    pages: BTreeSet<PageId>,
    /// Sections whose print view lists it.
    print_sections: Vec<SectionId>,
    /// The top level lists it: the 404 page and the search page show it too.
    top_level: bool,
}

impl State {
    /// Takes the short path for `paths` (source paths of reparsed pages); `None` when the
    /// edit may change more than the pages' own HTML.
    pub(super) fn edit_bodies(
        &mut self,
        builder: &Builder,
        paths: &[String],
    ) -> Option<Result<Rebuilt, Vec<Diagnostic>>> {
        let (edits, retitled) = body_edits(self, paths)?;
        let mut diags = Vec::new();
        let last = self.last.as_mut()?;
        let known = last.renderer.shortcodes();
        for (pid, new) in &edits {
            let page = &mut last.site.tree.pages[*pid];
            page.doc = new.doc.clone();
            page.text = new.text.clone();
            page.lines = new.lines.clone();
            page.body_start = new.body_start;
            page.word_count = new.word_count;
            page.front = new.front.clone();
            page.title = new.title.clone();
            let (d, _) = resolve::resolve_page(*pid, page, &last.site.resolver);
            diags.extend(d);
            diags.extend(resolve::check_page_shortcodes(
                page,
                &last.site.data,
                &last.renderer,
                &known,
            ));
        }
        let shown = match retitled {
            Some(pid) => retitle(last, pid),
            None => Retitled::default(),
        };
        let mut dirty: BTreeSet<PageId> = edits.iter().map(|(p, _)| *p).collect();
        dirty.extend(shown.pages.iter().copied());
        let severities = self.config.severities();
        severities.apply(&mut diags);
        let rendered = render(self, builder, &dirty, &shown, &mut diags);
        severities.apply(&mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            sort_diagnostics(&mut diags);
            // The next rebuild starts from the files again.
            self.last = None;
            return Some(Err(diags));
        }
        let mut changed = Vec::new();
        for (path, bytes) in rendered {
            if self.output.read(&path).ok().as_deref() != Some(&bytes[..]) {
                changed.push(path.clone());
            }
            let _ = self.output.add(path.clone(), bytes);
            // Its stored key no longer describes it (the next full pass renders it again).
            self.keys.insert(path, 0);
        }
        if retitled.is_some() {
            // Print views and the sitemap follow titles and order: the next full pass
            // compares them again.
            self.structure = 0;
        }
        changed.sort();
        sort_diagnostics(&mut diags);
        Some(Ok(Rebuilt {
            changed,
            rendered: dirty.len(),
            warnings: diags,
            ..Rebuilt::default()
        }))
    }
}

/// The edited pages' new parses by page id, and the one page whose title changed (at most
/// one: more go the long way). `None` when an edit changes more than bodies and titles.
#[allow(clippy::type_complexity)]
fn body_edits(state: &State, paths: &[String]) -> Option<(Vec<(PageId, Page)>, Option<PageId>)> {
    let last = state.last.as_ref()?;
    let mut edits = Vec::new();
    let mut retitled = None;
    for rel in paths {
        let &pid = last.by_source.get(rel)?;
        let cached = state.parsed.get(rel)?;
        let old = &last.site.tree.pages[pid];
        let new = &cached.page;
        let same_but_title = {
            let mut f = new.front.clone();
            f.title = old.front.title.clone();
            f.description = old.front.description.clone();
            f == old.front
        };
        if !cached.diags.is_empty()
            || !same_but_title
            || new.doc.title.as_ref().map(|h| &h.id) != old.doc.title.as_ref().map(|h| &h.id)
            || resolve::page_anchors(new, &last.site.data) != last.site.resolver.anchors[pid]
        {
            return None;
        }
        if new.title != old.title || new.front.description != old.front.description {
            if paths.len() > 1 {
                return None;
            }
            retitled = Some(pid);
        }
        edits.push((pid, new.clone()));
    }
    Some((edits, retitled))
}

/// Orders the navigation again after page `x`'s title changed, and finds what shows it.
fn retitle(last: &mut LastBuild, x: PageId) -> Retitled {
    let tree = &mut last.site.tree;
    tree.order_children();
    let order = ReadingOrder::of(tree);
    let mut shown = Retitled::default();
    // Pages whose previous or next page changed, or is the retitled one.
    for p in 0..tree.pages.len() {
        let before = last.site.order.neighbours(p);
        let after = order.neighbours(p);
        if before != after || after.0 == Some(x) || after.1 == Some(x) {
            shown.pages.insert(p);
        }
    }
    let page = &tree.pages[x];
    if let Some(listing) = page.parent {
        // Pages whose navigation lists it: everything below the section that lists it.
        for p in 0..tree.pages.len() {
            if tree.sections_of(p).any(|s| s == listing) {
                shown.pages.insert(p);
            }
        }
        shown.top_level = listing == tree.root_section();
    }
    if let Some(own) = page.own_section {
        // Pages whose breadcrumbs show it: everything below its own section (for the home
        // page, which no section lists, every page).
        for p in 0..tree.pages.len() {
            if tree.sections_of(p).any(|s| s == own) {
                shown.pages.insert(p);
            }
        }
    }
    shown.print_sections = print_sections_showing(tree, x);
    last.site.order = order;
    shown
}

/// Print views list the titles below them and show the navigation: those of the sections
/// above page `x`, and of every section below the one listing it.
fn print_sections_showing(tree: &ContentTree, x: PageId) -> Vec<SectionId> {
    let mut sections: Vec<SectionId> = tree.sections_of(x).collect();
    if let Some(listing) = tree.pages[x].parent {
        sections.extend(
            (0..tree.sections.len())
                .filter(|&sid| tree.section_and_above(sid).any(|c| c == listing)),
        );
    }
    sections.sort_unstable();
    sections.dedup();
    sections
}

/// Renders the dirty pages and the site files that show a retitled page, as (output
/// path, bytes).
fn render(
    state: &State,
    builder: &Builder,
    dirty: &BTreeSet<PageId>,
    shown: &Retitled,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<u8>)> {
    let Some(last) = state.last.as_ref() else {
        return Vec::new();
    };
    if diags.iter().any(Diagnostic::is_error) {
        return Vec::new();
    }
    let site = &last.site;
    let mut out = Output::in_memory();
    let pages: Vec<PageId> = dirty.iter().copied().collect();
    stages::render_pages(site, &last.renderer, &pages, &mut out, diags);
    let mut rendered: Vec<(String, Vec<u8>)> = out
        .files
        .keys()
        .filter_map(|path| Some((path.clone(), out.read(path).ok()?)))
        .collect();
    let files = SiteFiles::new(site, &last.renderer, &state.theme, builder.code_css());
    let mut push = |path: &str, html: Result<String, Vec<Diagnostic>>| match html {
        Ok(html) => rendered.push((path.to_string(), html.into_bytes())),
        Err(d) => diags.extend(d),
    };
    for &sid in &shown.print_sections {
        match files.print_view_path(sid) {
            Some(path) if state.output.files.contains_key(&path) => {
                push(&path, files.print_view(sid))
            }
            _ => {}
        }
    }
    if shown.top_level {
        push(NOT_FOUND, files.not_found_page());
        if let Some(script) = files.nav_top() {
            push(NAV_TOP_FILE, script);
        }
        // The search results page shows the same navigation.
        if state.output.files.contains_key(crate::search::RESULTS_PAGE) {
            if let Some(page) = files.search_results_page() {
                push(crate::search::RESULTS_PAGE, page);
            }
        }
    }
    rendered
}
