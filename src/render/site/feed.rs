//! `feed.xml` (docs/site.md#the-feed): an Atom feed with one entry per change since the last
//! publish, read from the snapshot's `changes`, so that a feed reader or a chat connector shows
//! only what is new each week. Every entry's id is derived from the report, so rebuilding a week
//! gives the same ids and a later week new ones.

use atom_syndication::{
    Category, Entry, Feed, FixedDateTime, Generator, Link as AtomLink, Person, Text, WriteConfig,
};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::analyse::{EntityKind, EntityRef, Status};
use crate::history::{ChangeKind, Changes, SignalChange, StatusChange, kind_word};
use crate::view::rows::{Link, Rows};
use crate::words;

pub const PATH: &str = "feed.xml";

/// "Changes since the last publish · Acme strategy", as every page's head names the feed.
fn title(project_title: &str) -> String {
    format!("Changes since the last publish · {project_title}")
}

/// One change, in words, before it becomes an Atom entry.
#[derive(Debug)]
struct Change {
    kind: ChangeKind,
    /// What tells two changes of one kind on one entity apart: a moved target's field, a
    /// decision's signal kind.
    detail: Option<&'static str>,
    entity: EntityRef,
    /// The entity's page, relative to the site root.
    url: String,
    title: String,
    summary: String,
}

/// The feed of the report `rows` describes, with an entry per change in `changes` (none without a
/// previous report). The same inputs give the same bytes: every date is the report's.
pub fn render(rows: &Rows, changes: Option<&Changes>) -> Vec<u8> {
    let config = &rows.project.config;
    let as_of = rows.analysis.as_of;
    let updated = midnight(as_of);
    let day = as_of.to_string();
    let site = Site { base_url: config.base_url.trim_end_matches('/') };
    let subtitle = match changes {
        None => "There is no earlier report to compare with.".to_string(),
        Some(c) if c.is_empty() => format!("Nothing changed since the report of {}.", words::date(c.since)),
        Some(c) => format!("Compared with the report of {}.", words::date(c.since)),
    };
    let entries = changes.map(|c| changes_in(rows, c)).unwrap_or_default();
    let feed = Feed {
        title: Text::plain(xml_text(&title(&config.title))),
        id: id(&config.title, &["feed"]),
        updated,
        authors: vec![Person { name: xml_text(&config.title), ..Default::default() }],
        generator: Some(Generator {
            value: "Throughline".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            ..Default::default()
        }),
        links: vec![
            link(site.url(PATH), "self", "application/atom+xml"),
            link(site.url("changes.html"), "alternate", "text/html"),
        ],
        subtitle: Some(Text::plain(subtitle)),
        entries: entries
            .into_iter()
            .map(|change| {
                let key = [
                    day.as_str(),
                    change.kind.word(),
                    kind_word(change.entity.kind),
                    change.entity.id.as_str(),
                    change.detail.unwrap_or(""),
                ];
                Entry {
                    title: Text::plain(xml_text(&change.title)),
                    id: id(&config.title, &key),
                    updated,
                    categories: vec![Category {
                        term: change.kind.word().into(),
                        label: Some(words::change(change.kind).into()),
                        ..Default::default()
                    }],
                    links: vec![link(site.url(&change.url), "alternate", "text/html")],
                    summary: Some(Text::plain(xml_text(&change.summary))),
                    ..Default::default()
                }
            })
            .collect(),
        ..Default::default()
    };
    let config = WriteConfig { write_document_declaration: true, indent_size: Some(2) };
    // Writing into memory cannot fail: the writer's only errors are its sink's.
    let mut xml = feed.write_with_config(Vec::new(), config).expect("a feed written into memory");
    xml.push(b'\n');
    xml
}

/// Where the site is published: links are absolute under `base_url`, else relative to the site
/// root, which is where feed.xml is, so a reader resolves them against the feed's own address.
struct Site<'a> {
    base_url: &'a str,
}

impl Site<'_> {
    fn url(&self, path: &str) -> String {
        if self.base_url.is_empty() { path.to_string() } else { format!("{}/{path}", self.base_url) }
    }
}

fn link(href: String, rel: &str, mime_type: &str) -> AtomLink {
    AtomLink {
        href: xml_text(&href),
        rel: rel.into(),
        mime_type: Some(mime_type.into()),
        ..Default::default()
    }
}

/// The report's date, at midnight UTC: a feed's times are instants, and the report has no time.
fn midnight(day: NaiveDate) -> FixedDateTime {
    day.and_time(chrono::NaiveTime::MIN).and_utc().fixed_offset()
}

/// Every change the feed reports, in the order of docs/site.md#the-feed: newly at risk,
/// recovered, forecasts moved, commitments broken, targets moved, decisions newly needed. Gaps
/// that opened or closed stay on the changes page.
fn changes_in(rows: &Rows, c: &Changes) -> Vec<Change> {
    let since = words::date(c.since);
    let mut out = Vec::new();
    // A commitment that became broken is one change, reported as broken, not also as at risk.
    let broken = |s: &&StatusChange| !(s.kind == EntityKind::Commitment && s.after == Status::Broken);
    out.extend(
        c.newly_at_risk
            .iter()
            .filter(broken)
            .map(|s| status_change(rows, ChangeKind::NewlyAtRisk, s, &since)),
    );
    out.extend(c.recovered.iter().map(|s| status_change(rows, ChangeKind::Recovered, s, &since)));
    out.extend(c.forecasts_moved.iter().map(|m| {
        let entity = EntityRef::new(EntityKind::Initiative, &m.id);
        let link = rows.entity_link(&entity);
        Change {
            kind: ChangeKind::ForecastMoved,
            detail: None,
            title: format!(
                "{} — forecast moved {}, to {}",
                name(&entity, &link),
                words::moved(m.days),
                words::date(m.after)
            ),
            summary: format!(
                "The P85 finish moved from {} to {}: {}, since the report of {since}.",
                words::date(m.before),
                words::date(m.after),
                words::moved(m.days)
            ),
            url: link.url,
            entity,
        }
    }));
    out.extend(c.broken_commitments.iter().map(|s| {
        let mut change = status_change(rows, ChangeKind::CommitmentBroken, s, &since);
        if let Some(commitment) = rows.project.commitments.iter().find(|x| x.id == s.id) {
            let initiative = EntityRef::new(EntityKind::Initiative, &commitment.initiative);
            change.summary = format!(
                "The date promised, {}, has passed and {} was not done by it.",
                words::date(commitment.date),
                name(&initiative, &rows.entity_link(&initiative))
            );
        }
        change
    }));
    out.extend(c.targets_moved.iter().map(|m| {
        let entity = EntityRef::new(EntityKind::Kr, &m.id);
        let link = rows.entity_link(&entity);
        let unit = rows.project.krs.iter().find(|k| k.id == m.id).map_or("", |k| k.unit.as_str());
        let sentence = crate::view::entities::target_sentence(m, unit);
        Change {
            kind: ChangeKind::TargetMoved,
            detail: Some(m.field.word()),
            title: format!("{} — {sentence}", name(&entity, &link)),
            summary: format!("The key result's {sentence}, since the report of {since}."),
            url: link.url,
            entity,
        }
    }));
    out.extend(c.new_decisions.iter().map(|d| decision(rows, d)));
    out
}

fn status_change(rows: &Rows, kind: ChangeKind, s: &StatusChange, since: &str) -> Change {
    let entity = EntityRef::new(s.kind, &s.id);
    let link = rows.entity_link(&entity);
    let phrase = |status: Status| words::status_of(s.kind, status).phrase;
    let was = match s.before {
        Some(before) => format!("was {}", phrase(before)),
        None => "new".to_string(),
    };
    let now = match kind {
        ChangeKind::Recovered => format!("recovered: now {}", phrase(s.after)),
        ChangeKind::CommitmentBroken => format!("commitment {}", phrase(s.after)),
        _ => format!("now {}", phrase(s.after)),
    };
    let before = match s.before {
        Some(before) => format!("it was {} in the report of {since}", phrase(before)),
        None => format!("it was not in the report of {since}"),
    };
    Change {
        kind,
        detail: None,
        title: format!("{} — {now} ({was})", name(&entity, &link)),
        summary: format!(
            "The {} {} is {}; {before}.",
            words::entity(s.kind),
            name(&entity, &link),
            phrase(s.after)
        ),
        url: link.url,
        entity,
    }
}

/// A decision a trigger newly asks for: the signal, and what to decide and who decides it.
fn decision(rows: &Rows, d: &SignalChange) -> Change {
    let entity = EntityRef::new(d.entity_kind, &d.entity);
    let link = rows.entity_link(&entity);
    let asked: Vec<String> = rows
        .project
        .config
        .triggers
        .iter()
        .filter(|t| t.signal == d.kind)
        .map(|t| {
            let action = t.action.trim_end_matches('.');
            match rows.owner(t.owner.as_ref()) {
                Some(owner) => format!("{action} (owner: {}).", owner.title),
                None => format!("{action}."),
            }
        })
        .collect();
    Change {
        kind: ChangeKind::DecisionNeeded,
        detail: Some(d.kind.word()),
        title: format!("{} — decision needed: {}", name(&entity, &link), words::signal(d.kind).label),
        summary: if asked.is_empty() {
            sentence(&d.message)
        } else {
            format!("{} Decision needed: {}", sentence(&d.message), asked.join(" "))
        },
        url: link.url,
        entity,
    }
}

/// How an entry names an entity: its id and title, or a person's name alone.
fn name(entity: &EntityRef, link: &Link) -> String {
    match entity.kind {
        EntityKind::Person => link.title.clone(),
        _ if link.title == link.id => link.id.clone(),
        _ => format!("{} {}", link.id, link.title),
    }
}

fn sentence(message: &str) -> String {
    if message.ends_with('.') { message.to_string() } else { format!("{message}.") }
}

/// A permanent id for the feed or one of its entries (docs/site.md#the-feed): a name-based UUID
/// (RFC 9562's version 8, from SHA-256) of the project's title and `key`. Not the site's address:
/// an Atom id must not change when the site moves.
fn id(project_title: &str, key: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in
        std::iter::once("throughline feed").chain(std::iter::once(project_title)).chain(key.iter().copied())
    {
        // Each part with its length, so that ("ab", "c") and ("a", "bc") differ.
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    let digest = hash.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// Text as XML 1.0 can carry it. Escaping is the writer's (every title is text, never markup),
/// but no escape can carry a control character (a title with U+0007 from a spreadsheet): each
/// becomes U+FFFD, so the feed stays well-formed.
fn xml_text(text: &str) -> String {
    let allowed =
        |c: char| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'));
    text.chars().map(|c| if allowed(c) { c } else { '\u{FFFD}' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::view::links::Links;

    /// The rows of tests/fixtures/minimal, for the names and pages of its entities, with the
    /// `[[trigger]]` tables in `triggers`.
    fn with_rows<T>(triggers: &str, f: impl FnOnce(&Rows) -> T) -> T {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let (mut project, graph) =
            crate::build::load(&dir, &mut Diagnostics::default()).expect("the fixture loads");
        let config: crate::config::Config = toml::from_str(&format!("title = \"t\"\n{triggers}")).unwrap();
        project.config.triggers = config.triggers;
        let analysis = crate::analyse::analyse(&project, &graph, "2026-11-20".parse().unwrap());
        let links = Links::new(&project, &graph);
        f(&Rows::new(&project, &graph, &analysis, &links))
    }

    fn status(kind: EntityKind, id: &str, before: Option<Status>, after: Status) -> StatusChange {
        StatusChange { kind, id: id.into(), before, after }
    }

    fn empty() -> Changes {
        Changes::none_since("2026-11-13".parse().unwrap())
    }

    #[test]
    fn a_commitment_that_broke_is_one_entry_not_also_one_for_its_risk() {
        let broke = status(EntityKind::Commitment, "C9", Some(Status::OnTrack), Status::Broken);
        let c = Changes {
            newly_at_risk: vec![broke.clone(), status(EntityKind::Initiative, "I2", None, Status::AtRisk)],
            recovered: vec![status(EntityKind::Initiative, "I1", Some(Status::OffTrack), Status::OnTrack)],
            broken_commitments: vec![broke],
            ..empty()
        };
        let entries = with_rows("", |rows| changes_in(rows, &c));
        let kinds: Vec<ChangeKind> = entries.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [ChangeKind::NewlyAtRisk, ChangeKind::Recovered, ChangeKind::CommitmentBroken]);
        assert_eq!(entries[0].title, "I2 Launch — now at risk (new)");
        assert_eq!(entries[1].title, "I1 Checkout — recovered: now on track (was off track)");
        assert_eq!(
            entries[1].summary,
            "The initiative I1 Checkout is on track; it was off track in the report of 13 Nov 2026."
        );
        assert_eq!(entries[1].url, "initiatives/i1.html");
        // A commitment the project no longer lists is named by its id.
        assert_eq!(entries[2].title, "C9 — commitment broken (was on track)");
    }

    #[test]
    fn a_decision_says_what_to_decide_and_who_decides() {
        let c = Changes {
            new_decisions: vec![SignalChange {
                kind: crate::analyse::SignalKind::Overloaded,
                entity: "ana".into(),
                entity_kind: EntityKind::Person,
                message: "Ana is at 130% of capacity".into(),
            }],
            ..empty()
        };
        let triggers = "[[trigger]]\nsignal = \"overloaded\"\naction = \"Rebalance.\"\nowner = \"bo\"\n";
        let entries = with_rows(triggers, |rows| changes_in(rows, &c));
        assert_eq!(entries[0].title, "Ana Silva — decision needed: Overloaded");
        assert_eq!(entries[0].detail, Some("overloaded"));
        assert_eq!(
            entries[0].summary,
            "Ana is at 130% of capacity. Decision needed: Rebalance (owner: Bo Chen)."
        );
    }

    #[test]
    fn ids_are_name_based_uuids_that_keep_their_parts_apart() {
        let a = id("Acme", &["2026-11-20", "target_moved", "kr", "KR1.1", "target"]);
        assert_eq!(a, id("Acme", &["2026-11-20", "target_moved", "kr", "KR1.1", "target"]));
        // urn:uuid: and 8-4-4-4-12 lower-case hex digits, version 8, variant 10xx.
        let hex = a.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = hex.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(hex.chars().all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)), "{hex}");
        assert_eq!(&hex[14..15], "8");
        assert!("89ab".contains(&hex[19..20]), "{hex}");
        // Every part counts, and where one ends and the next starts does too.
        assert_ne!(a, id("Acme", &["2026-11-27", "target_moved", "kr", "KR1.1", "target"]));
        assert_ne!(a, id("Acme 2", &["2026-11-20", "target_moved", "kr", "KR1.1", "target"]));
        assert_ne!(id("t", &["ab", "c"]), id("t", &["a", "bc"]));
    }

    #[test]
    fn text_xml_cannot_carry_becomes_a_replacement_character() {
        assert_eq!(xml_text("a\u{7}b\tc\nd\u{FFFF}"), "a\u{FFFD}b\tc\nd\u{FFFD}");
        assert_eq!(xml_text("<b> & \"q\" 'a' 😀"), "<b> & \"q\" 'a' 😀");
    }
}
