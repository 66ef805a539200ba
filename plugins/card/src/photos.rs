//! A radar user's photos: the photo wall (type 1) and the card avatar (type
//! 2, the newest wins), and the radar-side `upload_complete`, `show_photo` and
//! `delete_photo`. Uploaded photos are files of this module, stored and
//! removed through the files capability.

use crate::descriptor::PHOTOS;
use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::{
    files, json, ok, require_radar_user, storage, types, Failure, Input, Json, Outcome, Request,
};
use serde::{Deserialize, Serialize};

/// `photo_type` of a photo-wall picture.
pub const WALL: u8 = 1;
/// `photo_type` of a card avatar.
pub const AVATAR: u8 = 2;

/// One stored photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoDoc {
    /// The owning radar user.
    pub user_id: u64,
    /// 1 photo wall, 2 card avatar.
    pub photo_type: u8,
    /// The stored path, e.g. `statics/zhugeleida/imgs/...`.
    pub photo_url: String,
    /// Position on the wall (ascending).
    #[serde(default)]
    pub order: i64,
}

fn of_type(user_id: u64, photo_type: u8) -> Vec<storage::Filter> {
    vec![
        store::eq("user_id", user_id),
        store::eq("photo_type", photo_type),
    ]
}

/// The user's photo wall in display order.
pub fn wall(user_id: u64) -> Result<Vec<Stored<PhotoDoc>>, Failure> {
    store::find_all(
        PHOTOS,
        of_type(user_id, WALL),
        vec![store::asc("order"), store::asc("id")],
    )
}

/// The newest card-avatar photo of the user, if any.
pub fn card_avatar(user_id: u64) -> Result<Option<Stored<PhotoDoc>>, Failure> {
    store::find_one(PHOTOS, of_type(user_id, AVATAR), vec![store::desc("id")])
}

/// The avatar the card shows: the newest card-avatar photo, else `fallback`.
pub fn card_avatar_or(user_id: u64, fallback: &str) -> Result<String, Failure> {
    Ok(card_avatar(user_id)?.map_or_else(|| fallback.to_string(), |p| p.data.photo_url))
}

/// Makes `photo_url` the user's card avatar (updating the newest one).
pub fn set_card_avatar(user_id: u64, photo_url: &str) -> Result<(), Failure> {
    match card_avatar(user_id)? {
        Some(photo) => {
            store::patch(PHOTOS, photo.id, &json!({ "photo_url": photo_url }))?;
        }
        None => {
            let doc = PhotoDoc {
                user_id,
                photo_type: AVATAR,
                photo_url: photo_url.to_string(),
                order: 0,
            };
            store::insert(PHOTOS, &doc)?;
        }
    }
    Ok(())
}

/// Photos as `[[id, photo_url], …]`, as the card views show them.
pub fn as_pairs(photos: &[Stored<PhotoDoc>]) -> Json {
    photos
        .iter()
        .map(|p| json!([p.id, p.data.photo_url]))
        .collect()
}

/// Photos as `[{id, photo_url}, …]`, as `show_photo` lists them.
pub fn as_objects(photos: &[Stored<PhotoDoc>]) -> Json {
    photos
        .iter()
        .map(|p| json!({ "id": p.id, "photo_url": p.data.photo_url }))
        .collect()
}

/// `GET qiyeweixin/mingpian/show_photo`: the caller's photo wall.
pub fn show_photo(req: &Request) -> Outcome {
    let user_id = require_radar_user(req)?;
    let photos = wall(user_id)?;
    Ok(ok(
        "获取成功",
        json!({ "ret_data": as_objects(&photos), "user_id": user_id.to_string() }),
    ))
}

/// `POST qiyeweixin/mingpian/upload_complete`: turns the caller's chunked
/// upload (`task_id`, or `timestamp`, as sent to `public/img_upload`, and
/// `chunk_num`) into a photo: a wall photo, or the card avatar with
/// `photo_type` 2.
pub fn upload_complete(req: &Request) -> Outcome {
    let user_id = require_radar_user(req)?;
    let input = Input::of(req);
    let upload_id = match input.text("task_id") {
        Some(id) => id,
        None => input.required_text("timestamp")?,
    };
    let chunk_num = input.required_int("chunk_num")?;
    let chunk_num =
        u32::try_from(chunk_num).map_err(|_| Failure::invalid("chunk_num: 必须是正整数"))?;
    let photo_type = match input.int("photo_type")?.unwrap_or(i64::from(WALL)) {
        1 => WALL,
        2 => AVATAR,
        _ => return Err(Failure::invalid("photo_type: 取值 1 或 2")),
    };
    let file = files::store_upload(upload_id, chunk_num)?;
    let id = if photo_type == AVATAR {
        set_card_avatar(user_id, &file.path)?;
        card_avatar(user_id)?.map(|p| p.id)
    } else {
        let order = wall(user_id)?
            .iter()
            .map(|p| p.data.order + 1)
            .max()
            .unwrap_or(0);
        let doc = PhotoDoc {
            user_id,
            photo_type: WALL,
            photo_url: file.path.clone(),
            order,
        };
        Some(store::insert(PHOTOS, &doc)?)
    };
    Ok(ok(
        "上传成功",
        json!({ "id": id, "photo_url": file.path, "photo_type": photo_type }),
    ))
}

/// `POST qiyeweixin/mingpian/delete_photo` (`photo_id`): deletes one of the
/// caller's own photos; 302 for anyone else's.
pub fn delete_photo(req: &Request) -> Outcome {
    let user_id = require_radar_user(req)?;
    let photo_id = match req.object_id {
        Some(id) if Input::of(req).raw("photo_id").is_none() => id,
        _ => Input::of(req).required_id("photo_id")?,
    };
    let photo: Option<Stored<PhotoDoc>> = store::get(PHOTOS, photo_id)?;
    match photo {
        Some(p) if p.data.user_id == user_id => {
            storage::delete(PHOTOS, p.id)?;
            // Photos from before uploads went through this module are not its files.
            match files::remove(&p.data.photo_url) {
                Ok(()) | Err(types::Error::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
            Ok(ok("删除成功", json!({})))
        }
        _ => Err(Failure::not_found("照片不存在")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(id: u64, url: &str) -> Stored<PhotoDoc> {
        Stored {
            id,
            data: PhotoDoc {
                user_id: 1,
                photo_type: WALL,
                photo_url: url.to_string(),
                order: 0,
            },
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn shapes() {
        let photos = [photo(4, "a.jpg"), photo(5, "b.jpg")];
        assert_eq!(as_pairs(&photos), json!([[4, "a.jpg"], [5, "b.jpg"]]));
        assert_eq!(
            as_objects(&photos),
            json!([{"id": 4, "photo_url": "a.jpg"}, {"id": 5, "photo_url": "b.jpg"}])
        );
    }
}
