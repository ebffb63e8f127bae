//! Tracker presets (docs/presets.md): for each tool, which export headers feed which native work column,
//! its container types, its status names and how it writes dates, parents and ids. Adding a
//! tracker means adding one `Preset` here; `work` applies them all the same way.

use crate::model::WorkStatus::{self, Blocked, Cancelled, Done, InProgress, Todo};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `YYYY-MM-DD` only: the native files.
    Iso,
    /// Whatever the trackers write (see `dates`).
    Tracker,
}

/// Where an item's status comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusRule {
    /// A status column the file cannot do without (the native files).
    Required,
    /// The export's status column. An export cut down to a few columns may lack it: its items
    /// then count as todo, with one warning, as any status found nowhere does (docs/presets.md).
    Column,
    /// Asana has no status: done when the done date is filled; otherwise the status column (the
    /// section) through `[work.status_map]`, else todo, silently.
    DoneDate,
}

#[derive(Debug)]
pub struct Preset {
    pub name: &'static str,
    /// Column -> the export headers that feed it, in order of preference (English, for a tracker
    /// that speaks several languages). Each row takes the first of these cells that is filled,
    /// across repeated headers too. Beside the native columns: `status_category` (Jira's To Do /
    /// In Progress / Done, read when a status name is in neither `[work.status_map]` nor the
    /// tables), `done_fallback` (a date to take as the done date of a done item that has none:
    /// Jira Cloud leaves `Resolved` empty in workflows without a resolution), `internal_id` (the
    /// tracker's own number of each row, which some parent columns hold instead of the key),
    /// `updated` (the last change, an activity date) and `assignee_email`.
    pub columns: &'static [(&'static str, &'static [&'static str])],
    /// Columns, beyond `id`, without which the export cannot be read.
    pub also_required: &'static [&'static str],
    pub status_rule: StatusRule,
    pub container_types: &'static [&'static str],
    pub statuses: &'static [(&'static str, WorkStatus)],
    /// The other languages the tracker exports in, each with its own headers and statuses.
    pub languages: &'static [Language],
    /// The parent column may name the parent by its title (Asana's `Parent task`).
    pub parent_by_title: bool,
    /// Headers whose position gives the tree level (Azure DevOps' `Title 1`..`Title N` layout):
    /// a row's parent is the nearest row above it at a lower level.
    pub tree_titles: &'static [&'static str],
    /// Ids and parents are issue URLs, to be shortened to `owner/repo#number` (GitHub).
    pub ids_from_urls: bool,
    /// The project cell lists several projects, separated by commas (Asana's `Projects`).
    pub project_list: bool,
    /// The estimate columns are fields a team chose (GitHub Projects): the first whose values are
    /// all numbers is the estimate, and one that holds words (a S/M/L single-select) is passed
    /// over rather than refused.
    pub estimate_from_numeric_field: bool,
    /// Jira's fixed column order (Summary, Issue key, Issue id) lets the key, the summary and the
    /// internal number be recognised by their content when no header names them.
    pub keys_by_content: bool,
    pub dates: DateStyle,
}

/// One language a tracker exports in besides English: its headers for each column (as
/// `Preset::columns`), what its custom fields' headers start with (`Campo personalizado (Story
/// Points)`), the statuses of its default workflows and its names of the container types.
#[derive(Debug)]
pub struct Language {
    pub name: &'static str,
    pub columns: &'static [(&'static str, &'static [&'static str])],
    pub custom_field: &'static [&'static str],
    pub statuses: &'static [(&'static str, WorkStatus)],
    pub container_types: &'static [&'static str],
}

impl Preset {
    /// A status name in the preset's table or, failing that, in any of its languages' (a team
    /// may name its workflow's states in another language than the export's headers).
    pub fn status(&self, name: &str) -> Option<WorkStatus> {
        let languages = self.languages.iter().flat_map(|l| l.statuses.iter());
        self.statuses.iter().chain(languages).find(|(n, _)| same_name(n, name)).map(|(_, s)| *s)
    }

    pub fn is_container_type(&self, kind: &str) -> bool {
        let languages = self.languages.iter().flat_map(|l| l.container_types.iter());
        self.container_types.iter().chain(languages).any(|t| same_name(t, kind))
    }

    /// Whether the export's headers are a tracker's, not a native file's: tracker files are read
    /// as trackers and Excel write them (see `work`).
    pub fn is_tracker(&self) -> bool {
        self.dates == DateStyle::Tracker
    }

    /// The headers that feed `field`, in order of preference: English, then `language`'s.
    pub fn headers(&self, field: &str, language: Option<&Language>) -> Vec<&'static str> {
        let of = |columns: &'static [(&'static str, &'static [&'static str])]| {
            columns.iter().filter(move |(f, _)| *f == field).flat_map(|(_, headers)| headers.iter().copied())
        };
        of(self.columns).chain(language.into_iter().flat_map(|l| of(l.columns))).collect()
    }

    /// The headers to look for `field` under: `headers(field, language)`, then the other
    /// languages' for a field still missing, as in a Server export whose language pack
    /// translated some headers and left others in English.
    pub fn candidates(&self, field: &str, language: Option<&Language>) -> Vec<&'static str> {
        let mut all = self.headers(field, language);
        let others = self.languages.iter().filter(|l| language.is_none_or(|d| !std::ptr::eq(*l, d)));
        for other in others {
            all.extend(
                other.columns.iter().filter(|(f, _)| *f == field).flat_map(|(_, h)| h.iter().copied()),
            );
        }
        all
    }

    /// Whether an export's header is `wanted`: the same name without regard to case, or a custom
    /// field under any language's prefix (`Pole niestandardowe (Story Points)` is `Custom field
    /// (Story Points)`).
    pub fn header_matches(&self, header: &str, wanted: &str) -> bool {
        if same_name(header, wanted) {
            return true;
        }
        match (self.custom_field_name(wanted), self.custom_field_name(header)) {
            (Some(a), Some(b)) => same_name(a, b),
            _ => false,
        }
    }

    /// `Custom field (Story Points)`, in any of the preset's languages -> `Story Points`.
    pub fn custom_field_name<'h>(&self, header: &'h str) -> Option<&'h str> {
        let (prefix, rest) = header.trim().split_once('(')?;
        let name = rest.strip_suffix(')')?;
        let prefixes = self.languages.iter().flat_map(|l| l.custom_field.iter());
        let known = std::iter::once(&"Custom field").chain(prefixes).any(|p| same_name(p, prefix));
        known.then_some(name.trim())
    }

    /// The language an export's headers are written in: the one whose own headers (and custom
    /// field prefix) name more of them than English does. `None` is English.
    pub fn language_of<'h>(
        &self,
        headers: impl Iterator<Item = &'h str> + Clone,
    ) -> Option<&'static Language> {
        let count = |columns: &[(&str, &[&str])], prefixes: &[&str]| {
            headers
                .clone()
                .filter(|h| {
                    columns.iter().flat_map(|(_, c)| c.iter()).any(|c| same_name(c, h))
                        || h.split_once('(').is_some_and(|(p, _)| prefixes.iter().any(|x| same_name(x, p)))
                })
                .count()
        };
        let english = count(self.columns, &["Custom field"]);
        self.languages
            .iter()
            .map(|l| (l, count(l.columns, l.custom_field)))
            .filter(|&(_, n)| n > english)
            .max_by_key(|&(_, n)| n)
            .map(|(l, _)| l)
    }
}

/// Names (statuses, types) match without regard to case or surrounding blanks, in any script
/// (`TERMINÉ` is `Terminé`). Called for every row: it allocates nothing.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() || b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

/// `Name <email>` (Azure DevOps, some Jira Server exports) -> the name and the e-mail; anything
/// else is a name.
pub fn split_assignee(raw: &str) -> (String, Option<String>) {
    let raw = raw.trim();
    if let (Some(open), true) = (raw.rfind('<'), raw.ends_with('>'))
        && open > 0
    {
        let email = raw[open + 1..raw.len() - 1].trim();
        if email.contains('@') {
            return (raw[..open].trim().to_string(), Some(email.to_string()));
        }
    }
    (raw.to_string(), None)
}

/// `https://github.com/acme/web/issues/12` -> `acme/web#12`; anything else unchanged.
pub fn issue_reference(url: &str) -> String {
    let url = url.trim();
    let path = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or(url);
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        [_host, owner, repo, "issues" | "pull", number] if number.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{owner}/{repo}#{number}")
        }
        _ => url.to_string(),
    }
}

const NATIVE_STATUSES: &[(&str, WorkStatus)] = &[
    ("todo", Todo),
    ("to do", Todo),
    ("in_progress", InProgress),
    ("in progress", InProgress),
    ("blocked", Blocked),
    ("done", Done),
    ("cancelled", Cancelled),
    ("canceled", Cancelled),
];

/// The defaults every preset but the native one shares; each overrides what its tool does.
const TRACKER: Preset = Preset {
    name: "",
    columns: &[],
    also_required: &[],
    status_rule: StatusRule::Column,
    container_types: &[],
    statuses: &[],
    languages: &[],
    parent_by_title: false,
    tree_titles: &[],
    ids_from_urls: false,
    project_list: false,
    estimate_from_numeric_field: false,
    keys_by_content: false,
    dates: DateStyle::Tracker,
};

pub const NATIVE: Preset = Preset {
    name: "native",
    columns: &[
        ("id", &["id"]),
        ("title", &["title"]),
        ("status", &["status"]),
        ("initiative", &["initiative"]),
        ("parent", &["parent"]),
        ("type", &["type"]),
        ("assignee", &["assignee"]),
        ("estimate", &["estimate"]),
        ("created", &["created"]),
        ("started", &["started"]),
        ("done", &["done"]),
        ("due", &["due"]),
        ("project", &["project"]),
    ],
    also_required: &["title"],
    status_rule: StatusRule::Required,
    container_types: &["epic", "initiative", "feature"],
    statuses: NATIVE_STATUSES,
    dates: DateStyle::Iso,
    ..TRACKER
};

/// Jira Cloud and Server, in English and in the languages below. Parent links come in three
/// generations: `Custom field (Epic Link)` and `Custom field (Parent Link)` (keys), Server's
/// sub-task `Parent id` (the parent's Issue id), and Cloud's `Parent` (Issue id) beside `Parent
/// key`. A localised export translates the headers but not custom fields' own names: `Campo
/// personalizado (Story Points)`.
pub const JIRA: Preset = Preset {
    name: "jira",
    columns: &[
        ("id", &["Issue key"]),
        ("title", &["Summary"]),
        ("status", &["Status"]),
        (
            "parent",
            &[
                "Parent key",
                "Custom field (Epic Link)",
                "Custom field (Parent Link)",
                "Parent",
                "Parent id",
                "Parent ID",
            ],
        ),
        ("type", &["Issue Type"]),
        ("assignee", &["Assignee"]),
        ("estimate", &["Custom field (Story Points)", "Custom field (Story point estimate)"]),
        ("created", &["Created"]),
        ("started", &["Custom field (Start date)"]),
        ("done", &["Resolved"]),
        ("due", &["Due date"]),
        ("project", &["Project name"]),
        ("updated", &["Updated"]),
        ("status_category", &["Status Category"]),
        ("done_fallback", &["Status Category Changed"]),
        ("internal_id", &["Issue id"]),
    ],
    container_types: &["Epic", "Initiative"],
    statuses: &[
        ("To Do", Todo),
        ("Open", Todo),
        ("Reopened", Todo),
        ("Backlog", Todo),
        ("Selected for Development", Todo),
        ("In Progress", InProgress),
        ("In Review", InProgress),
        ("In QA", InProgress),
        ("In Development", InProgress),
        ("Code Review", InProgress),
        ("Blocked", Blocked),
        ("On Hold", Blocked),
        ("Impeded", Blocked),
        ("Done", Done),
        ("Closed", Done),
        ("Resolved", Done),
        ("Won't Do", Cancelled),
        ("Won't Fix", Cancelled),
        ("Declined", Cancelled),
        ("Duplicate", Cancelled),
        ("Rejected", Cancelled),
        ("Cancelled", Cancelled),
        ("Canceled", Cancelled),
        // Jira's status categories, as the API names them, for the category column.
        ("Indeterminate", InProgress),
        ("Complete", Done),
        ("New", Todo),
    ],
    languages: JIRA_LANGUAGES,
    keys_by_content: true,
    ..TRACKER
};

/// The languages Jira ships, as its CSV export writes them (Cloud and Server). The Spanish,
/// Brazilian Portuguese, Polish and French tables are checked against the real exports in
/// tests/fixtures/real-exports-i18n; the statuses are those of Jira's default workflows (Cloud's
/// To Do / In Progress / Done and Server's Open / Reopened / Resolved / Closed), and of the status
/// categories, which a localised export also translates.
const JIRA_LANGUAGES: &[Language] = &[
    Language {
        name: "Spanish",
        columns: &[
            ("id", &["Clave de incidencia", "Clave"]),
            ("title", &["Resumen"]),
            ("status", &["Estado"]),
            ("parent", &["Clave principal", "Principal", "ID principal", "Id. principal"]),
            ("type", &["Tipo de Incidencia"]),
            ("assignee", &["Persona asignada", "Responsable"]),
            ("created", &["Creada", "Creado"]),
            ("done", &["Resuelta", "Resuelto", "Fecha de resolución"]),
            ("due", &["Fecha de vencimiento", "Fecha límite"]),
            ("project", &["Nombre del proyecto"]),
            ("updated", &["Actualizada", "Actualizado"]),
            ("status_category", &["Categoría de estado"]),
            ("done_fallback", &["Categoría de estado cambiada"]),
            ("internal_id", &["ID de la incidencia", "Id. de la incidencia"]),
        ],
        custom_field: &["Campo personalizado"],
        statuses: &[
            ("Tareas por hacer", Todo),
            ("Por hacer", Todo),
            ("Abierto", Todo),
            ("Abierta", Todo),
            ("Reabierto", Todo),
            ("Reabierta", Todo),
            ("Pendiente", Todo),
            ("En curso", InProgress),
            ("En progreso", InProgress),
            ("En revisión", InProgress),
            ("Bloqueado", Blocked),
            ("Bloqueada", Blocked),
            ("Listo", Done),
            ("Hecho", Done),
            ("Finalizado", Done),
            ("Finalizada", Done),
            ("Cerrado", Done),
            ("Cerrada", Done),
            ("Resuelto", Done),
            ("Resuelta", Done),
            ("Cancelado", Cancelled),
            ("Cancelada", Cancelled),
            ("Rechazado", Cancelled),
            ("Duplicado", Cancelled),
        ],
        container_types: &["Épica", "Epica", "Iniciativa"],
    },
    Language {
        name: "Portuguese (Brazil)",
        columns: &[
            ("id", &["Chave da item", "Chave do item", "Chave"]),
            ("title", &["Resumo"]),
            ("parent", &["Chave pai", "Chave do pai", "Pai", "ID pai", "ID do pai"]),
            ("type", &["Tipo de item", "Tipo do item"]),
            ("assignee", &["Responsável"]),
            ("created", &["Criado", "Criado(a)"]),
            ("done", &["Resolvido", "Resolvido(a)", "Data de resolução"]),
            ("due", &["Data limite", "Data de entrega"]),
            ("project", &["Nome do projeto"]),
            ("updated", &["Atualizado(a)", "Atualizado"]),
            ("status_category", &["Categoria do status"]),
            ("done_fallback", &["Categoria do status alterada"]),
            ("internal_id", &["ID da item", "ID do item"]),
        ],
        custom_field: &["Campo personalizado"],
        statuses: &[
            ("Tarefas pendentes", Todo),
            ("Itens pendentes", Todo),
            ("Aberto", Todo),
            ("Aberta", Todo),
            ("Reaberto", Todo),
            ("Reaberta", Todo),
            ("Em andamento", InProgress),
            ("Em progresso", InProgress),
            ("Em revisão", InProgress),
            ("Bloqueado", Blocked),
            ("Concluído", Done),
            ("Concluída", Done),
            ("Itens concluídos", Done),
            ("Feito", Done),
            ("Fechado", Done),
            ("Fechada", Done),
            ("Resolvido", Done),
            ("Resolvida", Done),
            ("Cancelado", Cancelled),
            ("Cancelada", Cancelled),
        ],
        container_types: &["Épico", "Epico", "Iniciativa"],
    },
    Language {
        name: "Portuguese (Portugal)",
        columns: &[
            ("id", &["Chave do problema", "Chave"]),
            ("title", &["Resumo"]),
            ("status", &["Estado"]),
            ("parent", &["Chave principal", "ID principal"]),
            ("type", &["Tipo de problema"]),
            ("assignee", &["Responsável"]),
            ("created", &["Criado"]),
            ("done", &["Resolvido"]),
            ("due", &["Data de vencimento", "Data limite"]),
            ("project", &["Nome do projeto"]),
            ("updated", &["Atualizado", "Actualizado"]),
            ("status_category", &["Categoria do estado", "Categoria de estado"]),
            ("done_fallback", &["Categoria do estado alterada", "Categoria de estado alterada"]),
            ("internal_id", &["ID do problema"]),
        ],
        custom_field: &["Campo personalizado"],
        statuses: &[
            ("Por fazer", Todo),
            ("A fazer", Todo),
            ("Em curso", InProgress),
            ("Concluído", Done),
            ("Fechado", Done),
            ("Resolvido", Done),
        ],
        container_types: &["Épico", "Iniciativa"],
    },
    Language {
        name: "French",
        columns: &[
            ("id", &["Clé de ticket", "Clé du ticket", "Clé"]),
            ("title", &["Résumé"]),
            ("status", &["État", "Etat", "Statut"]),
            ("parent", &["Clé parente", "Clé du parent", "ID parent", "ID du parent"]),
            ("type", &["Type de ticket", "Type de demande"]),
            ("assignee", &["Personne assignée", "Responsable"]),
            ("created", &["Création", "Créé", "Créée"]),
            ("started", &["Custom field (Date de début)"]),
            ("done", &["Résolu", "Résolue", "Date de résolution"]),
            ("due", &["Date d'échéance", "Échéance"]),
            ("project", &["Nom du projet"]),
            ("updated", &["Mise à jour", "Mis à jour"]),
            ("status_category", &["Catégorie d'état", "Catégorie de statut"]),
            (
                "done_fallback",
                &[
                    "Catégorie d'état modifiée",
                    "Changement de catégorie d'état",
                    "Catégorie de statut modifiée",
                ],
            ),
            ("internal_id", &["ID de ticket", "ID du ticket"]),
        ],
        custom_field: &["Champs personnalisés", "Champ personnalisé"],
        statuses: &[
            ("À faire", Todo),
            ("A faire", Todo),
            ("Ouvert", Todo),
            ("Ouverte", Todo),
            ("Réouvert", Todo),
            ("Réouverte", Todo),
            ("En cours", InProgress),
            ("Bloqué", Blocked),
            ("Terminé", Done),
            ("Terminée", Done),
            ("Fermé", Done),
            ("Fermée", Done),
            ("Résolu", Done),
            ("Résolue", Done),
            ("Annulé", Cancelled),
        ],
        container_types: &["Épopée", "Epopée"],
    },
    Language {
        name: "German",
        columns: &[
            ("id", &["Vorgangsschlüssel", "Schlüssel"]),
            ("title", &["Zusammenfassung"]),
            ("parent", &["Übergeordneter Schlüssel", "Übergeordnet", "Übergeordnete ID"]),
            ("type", &["Vorgangstyp"]),
            ("assignee", &["Bearbeiter", "Zugewiesene Person"]),
            ("created", &["Erstellt"]),
            ("done", &["Erledigt", "Gelöst"]),
            ("due", &["Fälligkeitsdatum", "Fällig am"]),
            ("project", &["Projektname"]),
            ("updated", &["Aktualisiert"]),
            ("status_category", &["Statuskategorie"]),
            ("done_fallback", &["Statuskategorie geändert"]),
            ("internal_id", &["Vorgangs-ID"]),
        ],
        custom_field: &["Benutzerdefiniertes Feld"],
        statuses: &[
            ("Zu erledigen", Todo),
            ("Offen", Todo),
            ("Erneut geöffnet", Todo),
            ("In Arbeit", InProgress),
            ("In Bearbeitung", InProgress),
            ("Blockiert", Blocked),
            ("Fertig", Done),
            ("Erledigt", Done),
            ("Geschlossen", Done),
            ("Gelöst", Done),
            ("Abgebrochen", Cancelled),
            ("Abgelehnt", Cancelled),
        ],
        container_types: &[],
    },
    Language {
        name: "Italian",
        columns: &[
            ("id", &["Chiave ticket", "Chiave del ticket", "Chiave"]),
            ("title", &["Riepilogo"]),
            ("status", &["Stato"]),
            ("parent", &["Chiave principale", "Principale", "ID principale"]),
            ("type", &["Tipo di ticket", "Tipo ticket"]),
            ("assignee", &["Assegnatario"]),
            ("created", &["Creato"]),
            ("done", &["Risolto", "Data di risoluzione"]),
            ("due", &["Data di scadenza", "Scadenza"]),
            ("project", &["Nome progetto", "Nome del progetto"]),
            ("updated", &["Aggiornato"]),
            ("status_category", &["Categoria di stato", "Categoria stato"]),
            ("done_fallback", &["Categoria di stato modificata"]),
            ("internal_id", &["ID ticket", "ID del ticket"]),
        ],
        custom_field: &["Campo personalizzato"],
        statuses: &[
            ("Da completare", Todo),
            ("Da fare", Todo),
            ("Aperto", Todo),
            ("Riaperto", Todo),
            ("In corso", InProgress),
            ("Bloccato", Blocked),
            ("Completato", Done),
            ("Completata", Done),
            ("Fatto", Done),
            ("Chiuso", Done),
            ("Risolto", Done),
            ("Annullato", Cancelled),
        ],
        container_types: &["Iniziativa"],
    },
    Language {
        name: "Dutch",
        columns: &[
            ("id", &["Issuesleutel", "Sleutel"]),
            ("title", &["Samenvatting"]),
            ("parent", &["Bovenliggende sleutel", "Bovenliggend", "Bovenliggend item"]),
            ("type", &["Issuetype"]),
            ("assignee", &["Toegewezen aan", "Toegewezen persoon"]),
            ("created", &["Aangemaakt", "Gemaakt"]),
            ("done", &["Opgelost"]),
            ("due", &["Vervaldatum"]),
            ("project", &["Projectnaam"]),
            ("updated", &["Bijgewerkt"]),
            ("status_category", &["Statuscategorie"]),
            ("done_fallback", &["Statuscategorie gewijzigd"]),
            ("internal_id", &["Issue-id"]),
        ],
        custom_field: &["Aangepast veld"],
        statuses: &[
            ("Te doen", Todo),
            ("Heropend", Todo),
            ("Mee bezig", InProgress),
            ("In uitvoering", InProgress),
            ("Geblokkeerd", Blocked),
            ("Gereed", Done),
            ("Klaar", Done),
            ("Gesloten", Done),
            ("Opgelost", Done),
            ("Geannuleerd", Cancelled),
        ],
        container_types: &["Initiatief"],
    },
    Language {
        name: "Polish",
        columns: &[
            ("id", &["Klucz zgłoszenia", "Klucz"]),
            ("title", &["Podsumowanie"]),
            ("parent", &["Klucz elementu nadrzędnego", "Element nadrzędny", "Id. elementu nadrzędnego"]),
            ("type", &["Typ zgłoszenia"]),
            ("assignee", &["Osoba przypisana"]),
            ("created", &["Utworzono"]),
            ("done", &["Rozwiązane", "Rozwiązano"]),
            ("due", &["Termin"]),
            ("project", &["Nazwa projektu"]),
            ("updated", &["Zaktualizowano"]),
            ("status_category", &["Kategoria statusu"]),
            ("done_fallback", &["Zmiana kategorii statusu", "Kategoria statusu zmieniona"]),
            ("internal_id", &["Id. zgłoszenia"]),
        ],
        custom_field: &["Pole niestandardowe"],
        statuses: &[
            ("Do zrobienia", Todo),
            ("Otwarte", Todo),
            ("Ponownie otwarte", Todo),
            ("W toku", InProgress),
            ("W trakcie", InProgress),
            ("Zablokowane", Blocked),
            ("Gotowe", Done),
            ("Zrobione", Done),
            ("Zamknięte", Done),
            ("Rozwiązane", Done),
            ("Anulowane", Cancelled),
        ],
        container_types: &["Epik", "Inicjatywa"],
    },
    Language {
        name: "Japanese",
        columns: &[
            ("id", &["課題キー", "キー"]),
            ("title", &["要約"]),
            ("status", &["ステータス"]),
            ("parent", &["親キー", "親", "親 ID"]),
            ("type", &["課題タイプ"]),
            ("assignee", &["担当者"]),
            ("created", &["作成日", "作成日時"]),
            ("done", &["解決日", "解決日時"]),
            ("due", &["期限"]),
            ("project", &["プロジェクト名"]),
            ("updated", &["更新日", "更新日時"]),
            ("status_category", &["ステータス カテゴリ", "ステータスカテゴリ"]),
            ("done_fallback", &["ステータス カテゴリ変更日", "ステータスカテゴリ変更日"]),
            ("internal_id", &["課題 ID", "課題ID"]),
        ],
        custom_field: &["カスタム フィールド", "カスタムフィールド"],
        statuses: &[
            ("未着手", Todo),
            ("オープン", Todo),
            ("再オープン", Todo),
            ("進行中", InProgress),
            ("作業中", InProgress),
            ("完了", Done),
            ("クローズ", Done),
            ("解決済み", Done),
            ("却下", Cancelled),
        ],
        container_types: &["エピック", "イニシアチブ"],
    },
];

/// Linear's CSV export: dates as JavaScript writes them, `Parent issue` by identifier, projects
/// by name (which `epics` may list).
pub const LINEAR: Preset = Preset {
    name: "linear",
    columns: &[
        ("id", &["ID"]),
        ("title", &["Title"]),
        ("status", &["Status"]),
        ("parent", &["Parent issue"]),
        ("assignee", &["Assignee"]),
        ("estimate", &["Estimate"]),
        ("created", &["Created"]),
        ("started", &["Started"]),
        ("done", &["Completed"]),
        ("due", &["Due Date"]),
        ("project", &["Project"]),
        ("updated", &["Updated"]),
    ],
    statuses: &[
        ("Backlog", Todo),
        ("Triage", Todo),
        ("Todo", Todo),
        ("In Progress", InProgress),
        ("In Review", InProgress),
        ("Done", Done),
        ("Canceled", Cancelled),
        ("Cancelled", Cancelled),
        ("Duplicate", Cancelled),
    ],
    ..TRACKER
};

/// Asana's project export: no status column, `Parent task` by name, `Completed At`, and the
/// projects a task is in, separated by commas.
pub const ASANA: Preset = Preset {
    name: "asana",
    columns: &[
        ("id", &["Task ID"]),
        ("title", &["Name"]),
        ("status", &["Section/Column"]),
        ("parent", &["Parent task"]),
        ("assignee", &["Assignee"]),
        ("assignee_email", &["Assignee Email"]),
        ("estimate", &["Estimate", "Story Points", "Estimated time"]),
        ("created", &["Created At"]),
        ("started", &["Start Date"]),
        ("done", &["Completed At"]),
        ("due", &["Due Date"]),
        ("project", &["Projects"]),
        ("updated", &["Last Modified"]),
    ],
    status_rule: StatusRule::DoneDate,
    parent_by_title: true,
    project_list: true,
    ..TRACKER
};

/// Azure Boards' query export ("Export to CSV"), and the `Title 1`..`Title N` tree layout of its
/// import/export, where the column a title sits in gives its level.
pub const AZURE_DEVOPS: Preset = Preset {
    name: "azure-devops",
    columns: &[
        ("id", &["ID", "Id"]),
        (
            "title",
            &[
                "Title", "Title 1", "Title 2", "Title 3", "Title 4", "Title 5", "Title 6", "Title 7",
                "Title 8",
            ],
        ),
        ("status", &["State"]),
        ("parent", &["Parent", "Parent ID"]),
        ("type", &["Work Item Type"]),
        ("assignee", &["Assigned To"]),
        ("estimate", &["Story Points", "Effort", "Size"]),
        ("created", &["Created Date"]),
        ("started", &["Activated Date", "Start Date"]),
        ("done", &["Closed Date", "Resolved Date"]),
        ("due", &["Target Date", "Due Date"]),
        ("project", &["Area Path"]),
        ("updated", &["Changed Date"]),
    ],
    container_types: &["Epic", "Feature"],
    statuses: &[
        ("New", Todo),
        ("Proposed", Todo),
        ("To Do", Todo),
        ("Approved", Todo),
        ("Design", Todo),
        ("Active", InProgress),
        ("Committed", InProgress),
        ("In Progress", InProgress),
        ("Doing", InProgress),
        ("Resolved", Done),
        ("Closed", Done),
        ("Done", Done),
        ("Removed", Cancelled),
    ],
    tree_titles: &["Title 1", "Title 2", "Title 3", "Title 4", "Title 5", "Title 6", "Title 7", "Title 8"],
    ..TRACKER
};

/// GitHub Projects' "Export view data": tab-separated, items named by their URL, an empty status
/// for "No Status", the default board's Backlog / Ready / In progress / In review / Done. Draft
/// issues have no URL. The estimate is a field the team added: the first numeric one of these.
pub const GITHUB: Preset = Preset {
    name: "github",
    columns: &[
        ("id", &["URL", "Number", "ID"]),
        ("title", &["Title"]),
        ("status", &["Status"]),
        ("parent", &["Parent issue", "Parent"]),
        ("assignee", &["Assignees"]),
        ("estimate", &["Estimate", "Story Points", "Points", "Size", "Weight"]),
        ("created", &["Created", "Created at"]),
        ("started", &["Start date", "Start Date"]),
        ("done", &["Closed", "Closed at", "Completed"]),
        ("due", &["Target date", "End date", "Due date"]),
        ("project", &["Repository"]),
        ("updated", &["Updated", "Updated at"]),
    ],
    statuses: &[
        ("Todo", Todo),
        ("No Status", Todo),
        ("", Todo),
        ("Backlog", Todo),
        ("Ready", Todo),
        ("In Progress", InProgress),
        ("In Review", InProgress),
        ("Blocked", Blocked),
        ("Done", Done),
    ],
    parent_by_title: true,
    ids_from_urls: true,
    estimate_from_numeric_field: true,
    ..TRACKER
};

pub const ALL: [&Preset; 6] = [&NATIVE, &JIRA, &LINEAR, &ASANA, &AZURE_DEVOPS, &GITHUB];

pub fn find(name: &str) -> Option<&'static Preset> {
    ALL.into_iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_without_case() {
        assert_eq!(JIRA.status("in review"), Some(InProgress));
        assert_eq!(JIRA.status("TERMINÉ"), Some(Done));
        assert_eq!(LINEAR.status("Canceled"), Some(Cancelled));
        assert_eq!(AZURE_DEVOPS.status("removed"), Some(Cancelled));
        assert_eq!(JIRA.status("Ready for QA"), None);
        assert_eq!(GITHUB.status(""), Some(Todo));
        assert_eq!(GITHUB.status("ready"), Some(Todo));
        assert_eq!(JIRA.status("Tareas por hacer"), Some(Todo));
        assert_eq!(JIRA.status("Do zrobienia"), Some(Todo));
        assert_eq!(JIRA.status("Concluído"), Some(Done));
        assert_eq!(JIRA.status("En curso"), Some(InProgress));
        assert_eq!(JIRA.status("Cerrado"), Some(Done));
        assert_eq!(JIRA.status("完了"), Some(Done));
    }

    #[test]
    fn custom_fields_match_under_any_languages_prefix() {
        assert!(JIRA.header_matches("Pole niestandardowe (Story Points)", "Custom field (Story Points)"));
        assert!(JIRA.header_matches("Champs personnalisés (Start date)", "Custom field (Start date)"));
        assert!(JIRA.header_matches("custom field (story points)", "Custom field (Story Points)"));
        assert!(!JIRA.header_matches("Pole niestandardowe (Rank)", "Custom field (Story Points)"));
        assert!(!JIRA.header_matches("Labels (x)", "Custom field (x)"));
    }

    #[test]
    fn the_language_is_the_one_whose_headers_name_most_columns() {
        let spanish = ["Resumen", "Clave de incidencia", "ID de la incidencia", "Estado", "Sprint"];
        assert_eq!(JIRA.language_of(spanish.iter().copied()).map(|l| l.name), Some("Spanish"));
        let english = ["Summary", "Issue key", "Issue id", "Status", "Custom field (Rank)"];
        assert_eq!(JIRA.language_of(english.iter().copied()).map(|l| l.name), None);
        let polish = ["Podsumowanie", "Status", "Pole niestandardowe (Rank)", "Pole niestandardowe (Team)"];
        assert_eq!(JIRA.language_of(polish.iter().copied()).map(|l| l.name), Some("Polish"));
    }

    #[test]
    fn assignees_keep_their_email_apart() {
        assert_eq!(
            split_assignee("Ana Silva <ana@example.com>"),
            ("Ana Silva".into(), Some("ana@example.com".into()))
        );
        assert_eq!(
            split_assignee("Silva, Ana <ana@example.com>"),
            ("Silva, Ana".into(), Some("ana@example.com".into()))
        );
        assert_eq!(split_assignee("ana <not an email>"), ("ana <not an email>".into(), None));
        assert_eq!(split_assignee("Ana Silva"), ("Ana Silva".into(), None));
    }

    #[test]
    fn github_urls_become_references() {
        assert_eq!(issue_reference("https://github.com/acme/web/issues/12"), "acme/web#12");
        assert_eq!(issue_reference("https://github.com/acme/web/pull/7/"), "acme/web#7");
        assert_eq!(issue_reference("acme/web#12"), "acme/web#12");
    }
}
