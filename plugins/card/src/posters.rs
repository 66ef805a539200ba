//! The stored poster of each user–customer pair: drawn by the host from
//! the card as it is now, stored once as a file of this module, and reused
//! until what it shows changes (a new name, phone, avatar or code draws a
//! new one and removes the old file). The module's `posters` document of
//! the pair remembers the file and the fingerprint of what it shows; the
//! relation's `poster_url`, when the pair has one, names the same file.

use crate::descriptor::POSTERS;
use crate::photos;
use crate::poster_layout::{self, card_path, PosterInputs, QrSource};
use crate::visit::Visit;
use leida_module_sdk::images::{self, Format};
use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::{directory, files, json, types, Failure};
use serde::{Deserialize, Serialize};

/// The poster of one pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PosterDoc {
    /// The radar user whose card it shows.
    pub user_id: u64,
    /// The customer it was made for.
    pub customer_id: u64,
    /// The stored file.
    pub path: String,
    /// The fingerprint of what it shows.
    pub inputs: String,
}

/// The path of the pair's poster, drawn and stored first when there is none
/// yet or the card changed since.
pub fn poster_of(visit: &Visit, relation: Option<&directory::Relation>) -> Result<String, Failure> {
    let inputs = inputs_of(visit, relation)?;
    let fingerprint = poster_layout::fingerprint(&inputs);
    let key = vec![
        store::eq("user_id", visit.user.id),
        store::eq("customer_id", visit.customer_id),
    ];
    let current: Option<Stored<PosterDoc>> = store::find_one(POSTERS, key.clone(), Vec::new())?;
    let path = match current {
        Some(doc) if doc.data.inputs == fingerprint && is_stored(&doc.data.path) => doc.data.path,
        Some(doc) => {
            let path = draw(&inputs)?;
            store::patch(
                POSTERS,
                doc.id,
                &json!({ "path": path, "inputs": fingerprint }),
            )?;
            discard(&doc.data.path);
            path
        }
        None => {
            let path = draw(&inputs)?;
            let doc = PosterDoc {
                user_id: visit.user.id,
                customer_id: visit.customer_id,
                path: path.clone(),
                inputs: fingerprint,
            };
            let (stored, created) = store::get_or_create(POSTERS, key, &doc)?;
            if !created {
                // A concurrent call stored the pair's poster first: keep that one.
                discard(&path);
            }
            stored.data.path
        }
    };
    if let Some(r) = relation.filter(|r| r.poster_url != path) {
        directory::set_relation_poster(r.user_id, r.customer_id, &path)?;
    }
    Ok(path)
}

/// What the pair's poster shows now: the card's texts, the card avatar if it
/// is a stored file, and the pair's code, else the user's, else the card
/// path for the host to draw.
fn inputs_of(
    visit: &Visit,
    relation: Option<&directory::Relation>,
) -> Result<PosterInputs, Failure> {
    let user = &visit.user;
    let avatar = photos::card_avatar_or(user.id, &user.avatar)?;
    let pair_code = relation.map_or("", |r| r.qr_code.as_str());
    let qr = [pair_code, user.qr_code.as_str()]
        .into_iter()
        .find(|path| is_stored(path))
        .map_or_else(
            || QrSource::Text(card_path(user.id)),
            |path| QrSource::Picture(path.to_string()),
        );
    Ok(PosterInputs {
        name: user.username.clone(),
        position: user.position.clone(),
        company: directory::get_company().name,
        phone: user.card_phone.clone(),
        avatar: is_stored(&avatar).then_some(avatar),
        qr,
    })
}

/// Whether `path` is a stored file of the tenant (not a default image or a URL).
fn is_stored(path: &str) -> bool {
    !path.is_empty() && files::resolve(path).is_ok()
}

/// Draws the poster and stores it; returns its path.
fn draw(inputs: &PosterInputs) -> Result<String, Failure> {
    let file = images::render(&poster_layout::canvas(inputs), Format::Png)?;
    Ok(file.path)
}

/// Removes a poster file nothing refers to any more.
fn discard(path: &str) {
    match files::remove(path) {
        Ok(()) | Err(types::Error::NotFound) => {}
        Err(e) => leida_module_sdk::log::write(
            leida_module_sdk::log::Level::Warn,
            &format!("removing the old poster {path}: {e:?}"),
        ),
    }
}
