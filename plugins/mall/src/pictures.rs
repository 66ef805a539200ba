//! Product pictures: chunks arrive at `…/product/add_picture` (or
//! `public/img_upload`), `…/product/upload_complete/{id}` stores them as a
//! file of this module and records the picture (picture_type 1 cover, 2
//! introduction), added to product `{id}`'s content when `{id}` is not 0.
//! A picture uploaded with `{id}` 0 joins the first product whose form shows
//! it (same uploader). Pictures are removed with their product, or one by one
//! through the deprecated `delete_picture`.

use crate::content::Content;
use crate::descriptor::PICTURES;
use crate::editing::{editable, no_permission};
use crate::product;
use crate::rights::Staff;
use leida_module_sdk::store::{self, Stored};
use leida_module_sdk::{files, json, ok, storage, types, Failure, Input, Outcome, Request};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// `picture_type` of a cover picture.
const COVER: u8 = 1;
/// `picture_type` of an introduction picture.
const INTRODUCTION: u8 = 2;
/// Image types accepted by name (the host checks the bytes too).
const IMAGE_EXTENSIONS: [&str; 5] = ["jpg", "jpeg", "png", "gif", "webp"];

/// One uploaded picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PictureDoc {
    /// The product it belongs to; 0 until a form refers to it.
    pub product_id: u64,
    /// 1 cover, 2 introduction.
    pub picture_type: u8,
    /// The stored path.
    pub picture_url: String,
    /// Who uploaded it (`radar_user:7`, `admin:1`).
    pub uploader: String,
}

/// The path of picture `id` of this tenant; 302 `图片不存在` otherwise.
pub fn path_of(id: u64) -> Result<String, Failure> {
    let picture: Option<Stored<PictureDoc>> = store::get(PICTURES, id)?;
    picture
        .map(|p| p.data.picture_url)
        .ok_or_else(|| Failure::not_found("图片不存在"))
}

/// `POST …/product/add_picture/{id}` (`img_name`, `timestamp`, `chunk`,
/// `img_data`): keeps one base64 chunk of a picture.
pub fn add_picture(req: &Request) -> Outcome {
    Staff::of(req)?;
    let input = Input::of(req);
    image_name(&input)?;
    let upload_id = input.required_text("timestamp")?;
    let chunk = input.required_int("chunk")?;
    let chunk = u32::try_from(chunk).map_err(|_| Failure::invalid("chunk 必须是非负整数"))?;
    files::put_chunk(upload_id, chunk, input.required_text("img_data")?)?;
    Ok(ok("上传成功", json!({})))
}

/// `POST …/product/upload_complete/{id}` (`img_name`, `timestamp`,
/// `chunk_num`, `picture_type`): stores the uploaded picture; answers
/// `{ret_data: {picture_id, picture_url}}`.
pub fn upload_complete(req: &Request) -> Outcome {
    let staff = Staff::of(req)?;
    let input = Input::of(req);
    image_name(&input)?;
    let upload_id = input.required_text("timestamp")?;
    let chunk_num = u32::try_from(input.required_int("chunk_num")?)
        .map_err(|_| Failure::invalid("chunk_num 必须是正整数"))?;
    let picture_type = match input.required_int("picture_type")? {
        1 => COVER,
        2 => INTRODUCTION,
        _ => return Err(Failure::invalid("picture_type 必须是 1 或 2")),
    };
    // The product is checked before the upload turns into a file.
    let mut target = match req.object_id.filter(|id| *id > 0) {
        Some(id) => Some(editable(&staff, id)?),
        None => None,
    };
    let file = files::store_upload(upload_id, chunk_num)?;
    let doc = PictureDoc {
        product_id: target.as_ref().map_or(0, |p| p.id),
        picture_type,
        picture_url: file.path.clone(),
        uploader: Staff::uploader(req),
    };
    let picture_id = store::insert(PICTURES, &doc)?;
    if let Some(p) = target.as_mut() {
        if picture_type == COVER {
            p.data.content.add_cover(&file.path);
        } else {
            p.data.content.add_introduction_picture(&file.path);
        }
        product::save_edits(p)?;
    }
    Ok(ok(
        "添加图片成功",
        json!({ "ret_data": { "picture_id": picture_id, "picture_url": file.path } }),
    ))
}

/// `POST qiyeweixin/product/delete_picture/{id}` (deprecated; `product_id`
/// optional): removes picture `{id}`, its file, and its place in the
/// product's content. The uploader, or whoever may edit its product.
pub fn delete_picture(req: &Request) -> Outcome {
    let staff = Staff::of(req)?;
    let id = leida_module_sdk::object_id(req)?;
    let picture: Stored<PictureDoc> =
        store::get(PICTURES, id)?.ok_or_else(|| Failure::not_found("图片不存在"))?;
    if let Some(named) = Input::of(req).id("product_id")? {
        if named != picture.data.product_id {
            return Err(Failure::not_found("图片不存在"));
        }
    }
    let mut product = match picture.data.product_id {
        0 => None,
        product_id => Some(editable(&staff, product_id)?),
    };
    if product.is_none() && picture.data.uploader != Staff::uploader(req) && !staff.back_office {
        return Err(no_permission());
    }
    if let Some(p) = product.as_mut() {
        if p.data.content.remove_picture(&picture.data.picture_url) {
            product::save_edits(p)?;
        }
    }
    remove(&picture)?;
    Ok(ok("删除成功", json!({})))
}

/// Attaches the caller's unattached pictures that `content` shows to product
/// `product_id`, so that they are removed with it.
pub fn attach(req: &Request, product_id: u64, content: &Content) -> Result<(), Failure> {
    let shown: BTreeSet<&str> = content.picture_paths().collect();
    if shown.is_empty() {
        return Ok(());
    }
    let loose = vec![
        store::eq("product_id", 0u64),
        store::eq("uploader", Staff::uploader(req)),
    ];
    let mine: Vec<Stored<PictureDoc>> = store::find_all(PICTURES, loose, Vec::new())?;
    let shown_here = mine
        .iter()
        .filter(|p| shown.contains(p.data.picture_url.as_str()));
    for picture in shown_here {
        store::patch(PICTURES, picture.id, &json!({ "product_id": product_id }))?;
    }
    Ok(())
}

/// Removes the pictures of product `id` and their files.
pub fn remove_of_product(id: u64) -> Result<(), Failure> {
    let pictures: Vec<Stored<PictureDoc>> =
        store::find_all(PICTURES, vec![store::eq("product_id", id)], Vec::new())?;
    for picture in &pictures {
        remove(picture)?;
    }
    Ok(())
}

fn remove(picture: &Stored<PictureDoc>) -> Result<(), Failure> {
    storage::delete(PICTURES, picture.id)?;
    match files::remove(&picture.data.picture_url) {
        Ok(()) | Err(types::Error::NotFound) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// `img_name` with an image extension; 303 when absent, 301 otherwise.
fn image_name(input: &Input<'_>) -> Result<(), Failure> {
    let name = input.required_text("img_name")?;
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if IMAGE_EXTENSIONS.contains(&extension.as_str()) {
        Ok(())
    } else {
        Err(Failure::invalid(
            "img_name: 只接受 jpg、jpeg、png、gif、webp 图片",
        ))
    }
}
